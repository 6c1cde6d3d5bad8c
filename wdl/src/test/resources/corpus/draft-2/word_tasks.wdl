# Tasks imported by hello_scatter.wdl (draft-2: no version line, ${} placeholders only).

task count_words {
  Array[File] files
  Boolean verbose = false

  command <<<
    echo ${true="counting words" false="" verbose} >&2
    cat ${sep=" " files} | awk '{ n += NF } END { print n + 0 }' > total.txt
  >>>

  output {
    Int total = read_int("total.txt")
  }

  runtime {
    docker: "ubuntu:22.04"
  }
}

task join_lines {
  Array[String] lines
  String prefix = ""

  command {
    echo '${prefix}${sep="," lines}' > joined.txt
  }

  output {
    String joined = read_string("joined.txt")
    Int n_lines = length(lines)
  }
}
