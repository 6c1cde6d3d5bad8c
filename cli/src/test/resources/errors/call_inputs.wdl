version 1.0

task align {
  input {
    File reads
    Int threads = 4
  }
  command <<<
    echo ~{reads} ~{threads}
  >>>
  output {
    File bam = "out.bam"
  }
}

workflow main {
  input {
    File fastq
  }
  call align { input: reads = fastq, thread = 8 }
  call align as again { input: reads = fastq, threads = [1, 2] }
  call alignn { input: reads = fastq }
  File result = align.bai
}
