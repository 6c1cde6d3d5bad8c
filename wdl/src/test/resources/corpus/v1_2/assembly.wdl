version 1.2

## Doc comments (##) are comments to the parser.
## This workflow calls tasks with and without 'input:' (1.2 makes it optional).

import "lib/assembly_tasks.wdl" as asm

workflow assembly {
  input {
    Map[String, File] reads_by_sample
    Int k = 27
    Boolean polish = true
  }

  Array[Pair[String, File]] pairs = as_pairs(reads_by_sample)

  scatter (p in pairs) {
    call asm.assemble {
      reads = p.right,
      sample = p.left,
      k
    }

    if (polish) {
      call asm.polish as polished { input: contig = assemble.first, rounds = 3 }
    }
  }

  String report = <<<
    samples: ~{length(pairs)}
    k: ~{k}
  >>>

  output {
    Array[Directory] contig_dirs = assemble.contig_dir
    Array[Float] scores = select_all(polished.score)
    String summary = report
    Int k_squared = k ** 2
  }

  hints {
    allow_nested_inputs: true
  }

  meta {
    description: "toy assembly pipeline"
    outputs: {
      scores: "polishing scores, polished samples only"
    }
  }
}
