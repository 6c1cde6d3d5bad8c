version 1.1

# submit_awsbatch --self-test runs this: a scatter of task jobs writing files on the shared file system, and a
# task reading all of them. It succeeds (exit 0) with sum = 14 when queues, EFS and roles work together.

task square {
  input {
    Int x
  }
  command <<<
    echo $(( ~{x} * ~{x} )) > square.txt
    echo "square ~{x} on $(hostname)" >&2
  >>>
  output {
    File out = "square.txt"
  }
  runtime {
    docker: "ubuntu:24.04"
    cpu: 1
    memory: "1 GiB"
  }
}

task total {
  input {
    Array[File] parts
  }
  command <<<
    cat ~{sep(" ", parts)} | awk '{ s += $1 } END { print s }' > sum.txt
    echo "self-test: $(wc -l < ~{parts[0]}) line per part, sum $(cat sum.txt)" > report.txt
  >>>
  output {
    Int sum = read_int("sum.txt")
    File report = "report.txt"
  }
  runtime {
    docker: "ubuntu:24.04"
    cpu: 1
    memory: "1 GiB"
  }
}

workflow self_test {
  input {
    Int n = 4
  }
  scatter (i in range(n)) {
    call square { input: x = i }
  }
  call total { input: parts = square.out }
  output {
    Int sum = total.sum
    File report = total.report
  }
}
