version 1.1

task write {
  input {
    String name
  }
  command <<<
    echo "content of ~{name}" > ~{name}.txt
  >>>
  output {
    File out = "~{name}.txt"
  }
  runtime {
    docker: "ubuntu:24.04"
  }
}

workflow files {
  input {
    Array[String] names = ["a", "b"]
  }
  scatter (n in names) {
    call write { input: name = n }
  }
  output {
    Array[File] outs = write.out
  }
}
