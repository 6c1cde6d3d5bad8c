version 1.1

# produce is shared through the call cache; hold waits for a flag file the test creates, so the test decides
# when each run goes on; consume reads produce's result after that.
task produce {
  input { String word }
  command <<< echo "~{word} from produce" > result.txt >>>
  output { File result = "result.txt" }
}

task hold {
  input { File f  String flag }
  command <<<
    touch ~{flag}.waiting
    while [ ! -e ~{flag} ]; do sleep 0.2; done
    echo held
  >>>
  output { String done = read_string(stdout()) }
}

task consume {
  input { File f  String after }
  command <<< cat ~{f} >>>
  output { String got = read_string(stdout()) }
}

workflow reuse {
  input { String flag }
  call produce { input: word = "shared" }
  call hold { input: f = produce.result, flag = flag }
  call consume { input: f = produce.result, after = hold.done }
  output { String got = consume.got  File result = produce.result }
}
