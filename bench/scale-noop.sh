#!/usr/bin/env bash
# Engine scale benchmark (not a test): scatters of 1,000, 10,000 and 100,000 no-op calls on a backend that holds
# every attempt until all have started, then ends them (ScaleBenchmark). Prints per size the wall time and engine
# CPU per call (µs) and the heap after GC with every call pending (bytes per call): flat from 1,000 to 100,000 is
# the goal. Run directories go to /dev/shm when it exists (the engine's cost, not the disk's).
# Usage: bench/scale-noop.sh [SIZES=1000,10000,100000] [HEAP=2g]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="$here/orchestrator-image/target/wdlbatch.jar"
benchjar="$here/bench/target/wdlbatch-bench.jar"
[ -f "$jar" ] && [ -f "$benchjar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
dir=/dev/shm; [ -d "$dir" ] && [ -w "$dir" ] || dir="${TMPDIR:-/tmp}"
echo "date $(date -u +%FT%TZ); $(uptime)"
# The JVM options of bin/wdlbatch (C1 only, serial GC), so the figures are those of `wdlbatch run`.
exec java "-Xmx${2:-2g}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp "$benchjar:$jar" \
  org.wdlbatch.bench.engine.ScaleBenchmark "$dir" "${1:-1000,10000,100000}"
