# Comments may come before the version line.
version 1.1   # and after it

# Unusual but valid syntax, all in one file: every line here is meant to parse and type-check.

struct Point { Int x  Int y }   # members on one line, no separators

struct Shape {
  String name
  Array[Point]+ points
  Map[String, Array[Pair[Int, String?]]]? labels
}

task edge {
  input {
    String s = 'single "quoted" ~{"nested"} \'esc\' \u0041\x42\103'
    Int hex = 0x1F
    Int oct = 017
    Float f = 1e-3 + .5 + 2.
    Int neg = -9223372036854775807 - 1
    Boolean b = !false && (true || false) == !(1 > 2)
    Array[Int] xs = [1, 2, 3,]
    Map[String, Int] m = {"a": 1, "b": 2,}
    Pair[String, Int] p = ("x", 1)
    Shape shape = Shape {
      name: "square",
      points: [Point { x: 0, y: 0 }, Point { x: 1, y: 1 },],
      labels: None,
    }
  }

  Int prec = 1 + 2 * 3 - 4 / 2 % 3
  Boolean cmp = 1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3 && 1 != 2
  String ternary = if b then "yes" else if cmp then "maybe" else "no"
  Int idx = xs[length(xs) - 1] + m["a"] + p.right + shape.points[0].x
  String inner = "a ${s} b ~{"c ~{'d' + "~{hex}"}"} e"

  command {
    # a brace command: braces balance; dollar and tilde placeholders both work
    if [ -n "${s}" ]; then
      awk 'BEGIN { print "~{prec}" }'
    fi
    echo ~{sep="," xs} ${true="T" false="F" b} '$HOME' "$(date +%s)" \
      ~{inner}
  }

  output {
    Array[String] lines = read_lines(stdout())
    String t = ternary
  }

  runtime { container: "ubuntu:22.04" cpu: 1 memory: "512 MiB" }   # no commas needed

  meta { author: "wdlbatch", tags: [ ], empty: { } }
  parameter_meta { s: 'a string' }
}

workflow edge_cases {
  input {
    Array[Int] numbers = range(3)
  }

  call edge
  call edge as edge2 { }
  call edge as edge3 { input: }
  call edge as edge4 after edge after edge2 { input: hex = 1, oct = 2, }

  scatter (n in numbers) {
    scatter (i in range(n)) {
      if (i % 2 == 0) {
        if (n > 0) {
          Int even = i * n
        }
      }
    }
  }

  output {
    Array[Array[Int?]] evens = even
    String t = edge.t
    Int total = length(flatten([edge.lines, edge2.lines, edge3.lines, edge4.lines]))
  }
}
