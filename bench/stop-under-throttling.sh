#!/usr/bin/env bash
# Stop benchmark (not a test): N queued single task jobs (default 1,500) of a real `wdlbatch run --backend aws-batch`
# process against aws-emulator throttling Batch at RATE requests/s (default 50, AWS's account-wide figure) with AWS's
# stop timing (SIGTERM, SIGKILL 30 s later); then SIGTERM to the orchestrator, as Batch sends it when the workflow
# job is terminated. Prints the task jobs still RUNNABLE/STARTING/RUNNING 10, 30 and 60 s after the SIGTERM and how
# many task commands started after it (the goal is 0 and 0), and whether .stopped, error.json and the end-of-log
# line were written.
# Usage: bench/stop-under-throttling.sh [N=1500] [RATE=50] [CAPACITY=50 task jobs running at once]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"
n="${1:-1500}"
rate="${2:-50}"
capacity="${3:-50}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
. bench/orchestrator-classpath.sh "$work"
echo "== stop under throttling: $n queued single jobs, Batch at $rate requests/s, $(date -u +%Y-%m-%dT%H:%MZ) =="
java -Xmx2g -Dlogback.configurationFile=aws-emulator-logback.xml -cp "$cp" \
  org.wdlbatch.orchestrator.batch.bench.StopBenchmark "$n" "$rate" "$capacity"
