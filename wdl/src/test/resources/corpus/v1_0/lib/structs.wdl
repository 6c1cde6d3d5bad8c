version 1.0

# Structs shared by the 1.0 corpus documents.

struct Sample {
  String name
  File reads
  Map[String, String] tags
}

struct Reference {
  File fasta
  File? index
  String build
}
