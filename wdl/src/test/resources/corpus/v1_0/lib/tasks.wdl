version 1.0

import "structs.wdl"

task align {
  input {
    Sample sample
    Reference reference
    Int threads = 2
    Float memory_gb = 1.5
  }

  String out_name = sample.name + ".bam"

  command <<<
    set -euo pipefail
    # ${HOME} is shell text here: in a heredoc command only tilde placeholders are WDL
    echo "aligning ~{sample.name} against ~{reference.build} with ~{threads} threads (home: ${HOME})" >&2
    cat '~{sample.reads}' '~{reference.fasta}' > '~{out_name}'
  >>>

  output {
    File aligned = out_name
    String name = sample.name
  }

  runtime {
    docker: "ubuntu:22.04"
    cpu: threads
    memory: "~{memory_gb} GB"
    preemptible: 2
  }

  parameter_meta {
    sample: { description: "the sample to align", localization_optional: false }
    threads: "worker threads"
  }
}

task call_variants {
  input {
    File aligned
    String sample_name
    Int min_quality = 20
    Boolean gvcf = false
    Array[String] extra_args = []
  }

  command {
    echo "##fileformat=VCFv4.2" > ${sample_name}.vcf
    echo "# q>=${min_quality} ${true="gvcf" false="vcf" gvcf} ${sep=" " extra_args}" >> ${sample_name}.vcf
    wc -c < ${aligned} >> ~{sample_name}.vcf
  }

  output {
    File vcf = "~{sample_name}.vcf"
    String name = sample_name
  }

  runtime {
    docker: "ubuntu:22.04"
  }
}

task merge_vcfs {
  input {
    Array[File]+ vcfs
    String label = "merged"
  }

  command <<<
    cat ~{sep=' ' vcfs} > '~{label}.vcf'
    echo ~{length(vcfs)} > count.txt
  >>>

  output {
    File merged = "~{label}.vcf"
    Int count = read_int("count.txt")
  }

  runtime {
    docker: "ubuntu:22.04"
  }

  meta {
    description: "concatenates VCF files"
    version: 1
  }
}
