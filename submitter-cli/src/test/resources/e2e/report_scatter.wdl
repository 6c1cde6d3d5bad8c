version 1.1

# 50 calls for the run report's end-to-end test: item 7 fails its first attempt (maxRetries 1 retries it); item 13
# marks its start as <marks>/<job id>.<Batch attempt> and waits for <marks>/RELEASE, so the test can reclaim its
# spot instance part way (preemptible 1 runs it again).
task t {
  input {
    Int i
    String marks
  }
  command <<<
    if [ ~{i} -eq 7 ] && [ ! -e "~{marks}/failed-once" ]; then
      touch "~{marks}/failed-once"; echo "item 7 fails its first attempt" >&2; exit 1
    fi
    if [ ~{i} -eq 13 ]; then
      touch "~{marks}/$AWS_BATCH_JOB_ID.$AWS_BATCH_JOB_ATTEMPT"
      while [ ! -f "~{marks}/RELEASE" ]; do sleep 0.05; done
    fi
    echo ~{i}
  >>>
  runtime {
    maxRetries: 1
    preemptible: 1
  }
  output {
    Int out = read_int(stdout())
  }
}

workflow report_scatter {
  input {
    String marks
  }
  scatter (i in range(50)) {
    call t { input: i = i, marks = marks }
  }
  output {
    Array[Int] outs = t.out
  }
}
