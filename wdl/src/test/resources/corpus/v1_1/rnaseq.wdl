version 1.1

# A 1.1 workflow: import aliases for structs, struct literals, None, call input
# shorthand, 'after', conditionals nested in scatters, 1.1 standard library calls.

import "lib/qc.wdl" as qc alias QcReport as Qc

struct Library {
  String name
  File fastq
  String? strandedness
  Map[String, Int] lanes
}

task quantify {
  input {
    Library library
    Int threads = 2
    String? index_name
    Array[String] flags = ["--quiet", "--seed=7"]
  }

  String strand = select_first([library.strandedness, "unstranded"])

  command <<<
    set -euo pipefail
    echo '~{library.name}' '~{strand}' ~{sep(" ", flags)} ~{if defined(index_name) then "--index " + select_first([index_name]) else ""}
    for lane in ~{sep(" ", keys(library.lanes))}; do echo "lane $lane"; done > lanes.txt
    printf '%s\t%d\n' gene1 ~{threads * 10} > counts.tsv
  >>>

  output {
    File counts = "counts.tsv"
    Array[Array[String]] table = read_tsv("counts.tsv")
    Int n_lanes = length(read_lines("lanes.txt"))
  }

  runtime {
    container: "ubuntu:22.04"
    cpu: threads
    memory: "~{threads * 2} GiB"
  }

  meta {
    description: 'counts reads per gene'
    outputs: { counts: "a two-column TSV" }
  }
}

task summarize {
  input {
    Array[File] counts
    Array[Qc] reports
    String title = "summary"
  }

  command <<<
    echo "~{title}: ~{length(counts)} libraries" >&2
    cat ~{sep(" ", squote(counts))} > all_counts.tsv
  >>>

  output {
    File merged = "all_counts.tsv"
    Int passed = length(reports)
  }

  runtime {
    container: "ubuntu:22.04"
  }
}

workflow rnaseq {
  input {
    Array[Library] libraries
    Float min_gc = 0.35
    Boolean run_qc = true
    String? index_name = None
    Int threads = 4
  }

  Int n = length(libraries)
  scatter (lib in libraries) {
    String lib_name = lib.name
  }
  Map[String, Int] by_name = as_map(zip(lib_name, range(n)))

  scatter (library in libraries) {
    if (run_qc) {
      call qc.fastq_stats {
        input: fastq = library.fastq, sample = library.name, min_gc
      }
    }

    Qc report = select_first([fastq_stats.report, Qc { sample: library.name, reads: 0, gc_fraction: 0.0, passed: false }])

    if (report.passed || !run_qc) {
      call quantify after fastq_stats {
        input: library, threads, index_name
      }
    }
  }

  call summarize {
    input:
      counts = select_all(quantify.counts),
      reports = report,
      title = "RNA-seq of ~{n} libraries"
  }

  output {
    File merged = summarize.merged
    Array[Qc] reports = report
    Int quantified = length(select_all(quantify.counts))
    Map[String, Int] index_of = by_name
    Pair[Int, Float] settings = (threads, min_gc)
  }

  meta {
    description: "RNA-seq quantification with optional QC"
    version: "1.1"
  }

  parameter_meta {
    libraries: "one entry per sequencing library"
    min_gc: { description: "minimum GC fraction", range: [0.0, 1.0] }
  }
}
