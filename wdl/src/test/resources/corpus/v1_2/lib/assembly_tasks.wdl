version 1.2

# 1.2 tasks: requirements and hints sections, env declarations, Directory,
# multi-line strings, exponentiation, struct meta sections.

struct Contig {
  String id
  Int length
  Float coverage

  meta {
    description: "one assembled contig"
  }

  parameter_meta {
    coverage: "mean read depth over the contig"
  }
}

task assemble {
  input {
    File reads
    String sample
    Int k = 31
    env String ASSEMBLER_MODE = "careful"
    Directory? scratch
  }

  env Int genome_guess = 2 ** 20
  String banner = <<<
    assembling ~{sample}
      with k=~{k}, \
      mode ~{ASSEMBLER_MODE}
  >>>

  command <<<
    set -euo pipefail
    echo "~{banner}" >&2
    echo "mode from the environment: $ASSEMBLER_MODE, guess $genome_guess" >&2
    mkdir -p contigs
    printf '%s\t%d\t%.1f\n' "~{sample}_c1" ~{k * 10} 12.5 > contigs/contigs.tsv
  >>>

  output {
    Directory contig_dir = "contigs"
    Array[Array[String]] rows = read_tsv("contigs/contigs.tsv")
    Contig first = Contig {
      id: rows[0][0],
      length: k * 10,
      coverage: 12.5
    }
  }

  requirements {
    container: ["ubuntu:24.04", "docker.io/library/ubuntu:24.04"]
    cpu: 2
    memory: "2 GiB"
    max_retries: 1
    return_codes: "*"
  }

  hints {
    disks: "10 GiB"
    max_cpu: 8
    inputs: input {
      reads: hints { localization_optional: false },
    }
    outputs: output {
      contig_dir: hints { max_length: 100 }
    }
  }

  meta {
    description: "toy assembler: writes one contig per sample"
  }
}

task polish {
  input {
    Contig contig
    Int rounds = 2
  }

  command <<<
    for i in $(seq 1 ~{rounds}); do echo "round $i of ~{contig.id}"; done
  >>>

  output {
    String log = read_string(stdout())
    Float score = contig.coverage * rounds ** 2
  }

  requirements {
    container: "ubuntu:24.04"
  }
}
