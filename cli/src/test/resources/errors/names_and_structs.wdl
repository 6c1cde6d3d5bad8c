version 1.1

struct Sample {
  String name
  File bam
}

workflow main {
  input {
    Sample s
    Samples many
  }
  String n = s.nam
  Int n = 3
  scatter (x in 5) {
    Int y = x
  }
  if (s.name) {
    String z = "yes"
  }
}
