version 1.1

# Reads an input file: which content a run saw.
task show {
  input { File data }
  command <<< cat ~{data} >>>
  output { String content = read_string(stdout()) }
}

workflow read {
  input { File data }
  call show { input: data = data }
  output { String content = show.content }
}
