version 1.1

task say_hello {
  input {
    String who
  }
  command <<<
    echo "Hello, ~{who}!"
  >>>
  output {
    String greeting = read_string(stdout())
  }
  runtime {
    docker: "ubuntu:24.04"
  }
}

workflow hello {
  input {
    Array[String] names = ["world", "WDL"]
  }
  scatter (name in names) {
    call say_hello { input: who = name }
  }
  output {
    Array[String] greetings = say_hello.greeting
  }
}
