version 1.1

# Type checker coverage: a subworkflow call through an import namespace, a struct imported under an alias,
# struct literals, member access through call outputs, optional inputs and select_first.

import "lib/check_sub.wdl" as sub alias Sample as LibSample

struct Sample {
  String id
  Int? priority
}

workflow structs_and_subworkflows {
  input {
    Array[LibSample] lib_samples
    String? label
  }

  Sample mine = Sample { id: select_first([label, "none"]) }

  call sub.describe_all { input: samples = lib_samples }

  call sub.describe as first_only { input:
    sample = LibSample { name: lib_samples[0].name, reads: lib_samples[0].reads }
  }

  output {
    Array[String] lines = describe_all.lines
    String first = first_only.line
    String id = mine.id
    Int? priority = mine.priority
  }
}
