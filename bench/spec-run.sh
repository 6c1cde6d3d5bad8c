#!/usr/bin/env bash
# Runs every example of WDL specification documents with the engine, as `wdlbatch run` does (tasks with bash on
# this machine), and compares with the spec's expected outputs: PASS/FAIL/SKIP per example and
# "N passed, M failed, K skipped" per file. The spec files are not in the repository (fetch openwdl/wdl).
# Usage: bench/spec-run.sh SPEC.md [SPEC.md ...]   (DATA=dir for the spec's tests/data files; with the openwdl/wdl
# mirror present it is extracted automatically)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="$here/orchestrator-image/target/wdlbatch.jar"
benchjar="$here/bench/target/wdlbatch-bench.jar"
[ -f "$jar" ] && [ -f "$benchjar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
data="${DATA:-}"
mirror=${WDL_SPEC_MIRROR:-/work/.mirror/openwdl+wdl/repo}
if [ -z "$data" ] && [ -d "$mirror" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  if git --git-dir="$mirror" archive wdl-1.2 tests/data 2>/dev/null | tar -x -C "$tmp" 2>/dev/null; then
    data="$tmp/tests/data"
  fi
fi
for spec in "$@"; do
  java -cp "$benchjar:$jar" -Dlogback.configurationFile=/dev/null org.wdlbatch.bench.spec.SpecRun "$spec" ${data:+"$data"} 2>/dev/null
done
