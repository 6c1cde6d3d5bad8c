version 1.1
task trivial {
  input { Int i }
  command <<< echo ~{i} >>>
  output { Int n = i }
}
workflow scatter_bench {
  input { Int calls }
  scatter (i in range(calls)) { call trivial { input: i = i } }
  output { Int total = length(trivial.n) }
}
