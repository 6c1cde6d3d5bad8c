version 1.0

task hello {
  command <<<
    echo hello
  >>>
  output {
    String out = read_string(stdout())

workflow main {
  call hello
}
