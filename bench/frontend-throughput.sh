#!/usr/bin/env bash
# Front-end benchmark (not a test): prints
#   1. parse + type-check throughput in lines per second over every .wdl file under DIR (default /work/corpus),
#      in a warm JVM over several rounds (each file checked as a main document with its imports, nothing cached);
#   2. the cold-start wall time of `bin/wdlbatch check` on one workflow with its imports;
#   3. the cold-start wall time of one `bin/wdlbatch check` over all viral-pipelines workflows.
# Goals: >= 10x miniwdl's throughput; all 93 viral-pipelines workflows in one check under 2 s cold.
# Usage: bench/frontend-throughput.sh [DIR] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
dir="${1:-/work/corpus}"
rounds="${2:-5}"
viral="${VIRAL_WORKFLOWS:-/work/corpus/viral-pipelines/workflows}"
jar="$here/orchestrator-image/target/wdlbatch.jar"
benchjar="$here/bench/target/wdlbatch-bench.jar"
[ -f "$jar" ] && [ -f "$benchjar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }

echo "== warm throughput over $dir ($rounds rounds after warm-up)"
java -cp "$benchjar:$jar" org.wdlbatch.bench.frontend.FrontendBenchmark "$dir" "$rounds"

if [ -d "$viral" ]; then
  echo "== warm throughput over the viral-pipelines workflows, against miniwdl's ~20 s for them (issue figure)"
  java -cp "$benchjar:$jar" org.wdlbatch.bench.frontend.FrontendBenchmark "$viral" "$rounds" 20 | tail -2
fi

cold() { # label, then the command; wall and CPU (user+sys) time of 3 runs, best wall
  local label="$1"; shift
  local runs=() best=999999
  for _ in 1 2 3; do
    local t
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -1 )
    read -r real user sys <<<"$t"
    local wall cpu
    wall=$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
    runs+=("${wall}ms(cpu ${cpu}ms)")
    [ "$wall" -lt "$best" ] && best=$wall
  done
  echo "$label: best ${best} ms wall (runs: ${runs[*]}); load average now: $(cut -d' ' -f1 /proc/loadavg)"
}
if [ -d "$viral" ]; then
  one="$viral/assemble_denovo.wdl"
  [ -f "$one" ] || one="$(find "$viral" -name '*.wdl' | sort | head -1)"
  echo "== cold start (bin/wdlbatch, new JVM each run; its class-data archive primed by one untimed run)"
  "$here/bin/wdlbatch" check "$one" >/dev/null 2>&1 || true
  cold "check one workflow with its imports ($(basename "$one"))" "$here/bin/wdlbatch" check "$one"
  mapfile -t all < <(find "$viral" -name '*.wdl' | sort)
  cold "check all ${#all[@]} viral-pipelines workflows in one invocation" "$here/bin/wdlbatch" check "${all[@]}"
  echo "goal: under 2000 ms for all 93 in one invocation (miniwdl: about 20 s on a machine like this)"
fi
if command -v miniwdl >/dev/null 2>&1; then
  echo "== miniwdl (for comparison)"
  cold "miniwdl check, all ${#all[@]} workflows one by one" bash -c 'for f in "$@"; do miniwdl check "$f" || true; done' _ "${all[@]}"
else
  echo "miniwdl is not installed here; goal: >= 10x miniwdl's throughput (miniwdl ~20 s for the 93 workflows)"
fi
