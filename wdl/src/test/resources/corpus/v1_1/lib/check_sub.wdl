version 1.1

struct Sample {
  String name
  Array[File] reads
}

task describe {
  input {
    Sample sample
  }
  command <<<
    echo "~{sample.name}: ~{length(sample.reads)} files"
  >>>
  output {
    String line = read_string(stdout())
  }
}

workflow describe_all {
  input {
    Array[Sample] samples
  }
  scatter (s in samples) {
    call describe { input: sample = s }
  }
  output {
    Array[String] lines = describe.line
  }
}
