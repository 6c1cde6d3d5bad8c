version 1.0

# A 1.0 workflow: imports with and without "as", structs from an imported file,
# scatter over structs, placeholder options, object literals coerced to structs.

import "lib/structs.wdl"
import "lib/tasks.wdl" as tasks

workflow variant_calling {
  input {
    Array[Sample] samples
    Reference reference
    Int min_quality = 20
    String? run_label
    Boolean make_gvcf = false
  }

  Sample control = object {
    name: "control",
    reads: reference.fasta,
    tags: {"kind": "control"}
  }
  Array[Sample] all_samples = flatten([samples, [control]])

  scatter (sample in all_samples) {
    call tasks.align {
      input: sample = sample, reference = reference, threads = 2
    }

    call tasks.call_variants {
      input:
        aligned = align.aligned,
        sample_name = sample.name,
        min_quality = min_quality,
        gvcf = make_gvcf
    }
  }

  Array[Pair[String, File]] named_vcfs = zip(call_variants.name, call_variants.vcf)

  call tasks.merge_vcfs {
    input:
      vcfs = call_variants.vcf,
      label = select_first([run_label, "run"]) + "_" + reference.build
  }

  output {
    File merged = merge_vcfs.merged
    Array[File] per_sample = call_variants.vcf
    Int n_samples = length(all_samples)
    Pair[String, File] first_vcf = named_vcfs[0]
  }

  meta {
    description: "aligns samples, calls variants per sample, merges the calls"
    tags: ["test", "1.0"]
    allowNestedInputs: true
  }

  parameter_meta {
    samples: { help: "samples to process", patterns: ["*.fastq", "*.fq.gz"] }
    min_quality: { help: "minimum base quality", min: 0, max: 60, default: 20 }
  }
}
