version 1.0

# Type checker coverage: names declared inside scatter and if are seen lifted outside
# (Array[T] per scatter, T? per if), call outputs, pairs, maps, forward references.

task count_words {
  input {
    String text
    Int bonus = 0
  }
  command <<<
    echo "~{text}" | wc -w
  >>>
  output {
    Int n = read_int(stdout()) + bonus
  }
}

workflow lifting {
  input {
    Array[String] sentences
    Boolean extra = false
    Map[String, Int] weights = {"a": 1, "b": 2}
  }

  # forward reference: total is declared after its use in the output section
  scatter (pair in zip(sentences, range(length(sentences)))) {
    call count_words { input: text = pair.left, bonus = pair.right }
    Int doubled = count_words.n * 2
    if (extra) {
      call count_words as again { input: text = pair.left + " again" }
      Int again_n = again.n
    }
  }

  Array[Int] counts = count_words.n
  Array[Int?] maybe_counts = again_n
  Int total = length(counts) + weights["a"]

  output {
    Array[Int] per_sentence = counts
    Array[Int] twice = doubled
    Array[Int?] extras = maybe_counts
    Int sum_of_lengths = total
  }
}
