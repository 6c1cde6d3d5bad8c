version 1.1

# Appends a line to a file in work/ and says a message, marks its start as <marks>/<job id>.<Batch attempt>, then
# waits for <marks>/RELEASE: a test reclaims it part way and checks the retry started clean.
task appender {
  input {
    String marks
    Int preemptible
    Int batch_attempts
  }
  command <<<
    echo line >> lines.txt
    echo message
    touch "~{marks}/$AWS_BATCH_JOB_ID.$AWS_BATCH_JOB_ATTEMPT"
    while [ ! -f "~{marks}/RELEASE" ]; do sleep 0.05; done
  >>>
  runtime {
    preemptible: preemptible
    awsBatchRetryAttempts: batch_attempts
  }
  output {
    Array[String] lines = read_lines("lines.txt")
    String said = read_string(stdout())
  }
}

workflow appending {
  input {
    String marks
    Int preemptible = 0
    Int batch_attempts = 1
  }
  call appender { input: marks = marks, preemptible = preemptible, batch_attempts = batch_attempts }
  output {
    Array[String] lines = appender.lines
    String said = appender.said
  }
}
