#!/usr/bin/env bash
# Engine overhead benchmark (not a test). Prints, for a 1,000-call scatter of trivial commands on the local
# backend, the wall time and the engine's own CPU time per task; and, with a no-op backend, the time and peak heap
# to schedule a 10,000-call scatter (the JVM is capped at 512 MB of heap, the goal).
# Usage: bench/engine-scatter.sh [LOCAL_CALLS] [NOOP_CALLS]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="$here/orchestrator-image/target/wdlbatch.jar"
benchjar="$here/bench/target/wdlbatch-bench.jar"
[ -f "$jar" ] && [ -f "$benchjar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
# The JVM options of bin/wdlbatch (C1 only, serial GC), so the figures are those of `wdlbatch run`.
exec java -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp "$benchjar:$jar" \
  org.wdlbatch.bench.engine.EngineBenchmark "${1:-1000}" "${2:-10000}"
