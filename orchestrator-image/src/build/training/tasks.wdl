version 1.1

# Training input for the build's class-data sharing archive (see ../cds-archive.sh): a bit of everything a
# `wdlbatch check` exercises.
struct Sample {
  String name
  File? reads
  Map[String, Int] counts
}

task count {
  input {
    Sample sample
    Int threads = 2
  }
  command <<<
    echo ~{sample.name} ~{threads} ~{sep(",", keys(sample.counts))}
  >>>
  output {
    Int n = length(read_lines(stdout()))
    Pair[String, Int] named = (sample.name, n)
  }
  runtime {
    cpu: threads
    memory: "~{threads * 2} GiB"
    docker: "ubuntu:24.04"
  }
}
