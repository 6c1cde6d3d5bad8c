version 1.1

import "tasks.wdl" as t

workflow training {
  input {
    Array[String] names = ["a", "b"]
    Boolean deep = false
  }
  scatter (name in names) {
    Sample s = Sample { name: name, counts: {"x": 1} }
    call t.count { input: sample = s }
  }
  if (deep) {
    Int total = length(select_all(count.n)) + 1
  }
  output {
    Array[Int] ns = count.n
    Int? sum = total
    String joined = sep(" ", prefix("n=", names))
  }
}
