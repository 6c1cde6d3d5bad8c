version 1.0

workflow main {
  input {
    String sample_name
  }
  String greeting = "hello " + sampel_name
}
