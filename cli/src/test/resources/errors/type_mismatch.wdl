version 1.1

workflow main {
  input {
    Int n = 3
  }
  Array[Int] xs = [1, 2, n]
  Int total = xs
  Boolean flag = n && true
  Int neg = -"text"
  Int len = length(n)
  Float m = max(1, 2, 3)
  Int u = undefined_function(1)
}
