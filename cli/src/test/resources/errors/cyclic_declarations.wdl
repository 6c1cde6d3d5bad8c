version 1.0

workflow main {
  Int a = b + 1
  Int b = c * 2
  Int c = a
  Int d = 1
}
