#!/usr/bin/env bash
# Scale benchmark (not a test): a 100,000-call scatter (ten array jobs of 10,000) through aws-emulator with AWS's
# request rates (~50 Batch requests/s shared by every call), the emulator in its benchmark mode: array children
# run RUN_MILLIS each with no process behind them (a 2-core machine cannot start 100,000 processes; nothing is
# written by the "tasks"), all at once. The orchestrator runs in its own JVM capped at 1 GiB of heap. Prints:
# every job submitted and when, the orchestrator's peak heap and its heap after GC with every call pending
# (bytes per pending call), and the polling rate: DescribeJobs + ListJobs calls per second per 1,000 active tasks.
# Goals: all submitted; heap under 1 GiB; polling under 1 call/s per 1,000 running tasks.
# Usage: bench/scale-100k.sh [N=100000] [RUN_MILLIS=60000] [MODE=array|single]
# (MODE=single: array jobs off, each call a single job: the polling figure is then the singles' sweep, whose
# period stretches with their number, docs/aws-batch-backend.md)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"
n="${1:-100000}"
run_millis="${2:-60000}"
mode="${3:-array}"
main=org.wdlbatch.orchestrator.batch.bench.BatchScatterBenchmark
work="$(mktemp -d)"
. bench/orchestrator-classpath.sh "$work"
echo "date $(date -u +%FT%TZ); $(uptime)"
java -Xmx4g -Dlogback.configurationFile=aws-emulator-logback.xml -cp "$cp" $main emulator "$work" \
  "$run_millis" "$n" >"$work/emulator.out" 2>"$work/emulator.err" &
emu=$!
. bench/emulator-stop.sh
trap stop_emulator EXIT
for _ in $(seq 1 300); do grep -q '^endpoint' "$work/emulator.out" && break; sleep 0.2; done
read -r _ endpoint _ efs < <(grep '^endpoint' "$work/emulator.out")
java -Xmx1g -cp "$cp" $main run "$endpoint" "$efs" "$n" "$mode" | grep -v '^RUNDIR\|^SUBMITTED_AT'
echo "goals: every job submitted; orchestrator heap under 1 GiB (-Xmx1g: peak above); polling < 1 call/s per 1,000"
