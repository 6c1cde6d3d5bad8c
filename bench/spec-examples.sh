#!/usr/bin/env bash
# Spec conformance check of the WDL evaluator: runs every example of the given SPEC.md files that needs no task
# execution and prints PASS/FAIL/SKIP per example and "N passed, M failed, K skipped" per file.
# Usage: bench/spec-examples.sh SPEC.md [SPEC.md ...] [-- --data DIR --only NAME --verbose]
# The spec files are not in the repository (fetch openwdl/wdl, or use the extracted copies you have).
# With the openwdl/wdl mirror present, its tests/data folder is extracted and passed as --data automatically.
set -euo pipefail
cd "$(dirname "$0")/.."
specs=()
extra=()
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--" ]]; then shift; extra=("$@"); break; fi
  specs+=("$(realpath "$1")"); shift
done
[[ ${#specs[@]} -gt 0 ]] || { echo "usage: $0 SPEC.md [SPEC.md ...] [-- options]" >&2; exit 2; }
./mvnw -B -q -o -pl bench -am compile >/dev/null 2>&1 || ./mvnw -B -q -pl bench -am compile
cp=bench/target/classes:engine/target/classes:wdl/target/classes
if [[ ! -f bench/target/classpath.txt || pom.xml -nt bench/target/classpath.txt ]]; then
  ./mvnw -B -q -o -pl bench -am dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
cp="$cp:$(cat bench/target/classpath.txt)"
data_args=()
mirror=${WDL_SPEC_MIRROR:-/work/.mirror/openwdl+wdl/repo}
if [[ " ${extra[*]-} " != *" --data "* && -d "$mirror" ]]; then
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT
  if git --git-dir="$mirror" archive wdl-1.2 tests/data 2>/dev/null | tar -x -C "$data" 2>/dev/null; then
    data_args=(--data "$data/tests/data")
  fi
fi
for spec in "${specs[@]}"; do
  java -cp "$cp" org.wdlbatch.bench.spec.SpecExamples "$spec" ${data_args[@]+"${data_args[@]}"} ${extra[@]+"${extra[@]}"}
done
