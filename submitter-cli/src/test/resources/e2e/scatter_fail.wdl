version 1.1

task child {
  input {
    Int i
  }
  command <<<
    if [ ~{i} -eq 2 ]; then
      echo "child ~{i} fails on purpose" >&2
      exit 42
    fi
    echo "child ~{i} ok"
  >>>
  output {
    String s = read_string(stdout())
  }
  runtime {
    docker: "ubuntu:24.04"
  }
}

workflow scatter_fail {
  scatter (i in [1, 2, 3]) {
    call child { input: i = i }
  }
  output {
    Array[String] s = child.s
  }
}
