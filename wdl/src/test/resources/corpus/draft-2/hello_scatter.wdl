# A draft-2 workflow: no version line, declarations double as inputs,
# brace and heredoc commands with ${} placeholders and options,
# legacy workflow outputs (call.output and call.*).
import "word_tasks.wdl" as wt

task say_hello {
  String name
  String? greeting
  Int repeat = 1

  command {
    for i in $(seq 1 ${repeat}); do
      echo "${default="hello" greeting}, ${name}!"
    done > greeting.txt
  }

  output {
    File greeting_file = "greeting.txt"
    Array[String] lines = read_lines("greeting.txt")
  }

  runtime {
    docker: "ubuntu:22.04"
    memory: "1 GB"
    cpu: 1
  }

  parameter_meta {
    name: "who to greet"
    greeting: "the word to greet with; \"hello\" when unset"
  }

  meta {
    author: "wdlbatch tests"
  }
}

workflow hello_scatter {
  Array[String] names
  Boolean do_count = true
  String suffix = "-" + length(names)

  scatter (name in names) {
    call say_hello {
      input: name = name + suffix, repeat = 2
    }
  }

  if (do_count && length(names) > 0) {
    call wt.count_words { input: files = say_hello.greeting_file }
  }

  call wt.join_lines as joined {
    input:
      lines = flatten(say_hello.lines),
      prefix = "names: "
  }

  output {
    say_hello.greeting_file
    joined.*
    Int? total = count_words.total
  }
}
