#!/usr/bin/env bash
# aws-batch backend benchmark (not a test): an N-call scatter of no-op tasks (default 10,000) against aws-emulator
# throttling as AWS does (~50 Batch requests/s for everything), once with array jobs and once without. Prints total
# API calls, SubmitJob / DescribeJobs / ListJobs calls, throttled requests, the time until every job is submitted,
# the orchestrator's peak heap (its own JVM, -Xmx512m), and the file-system metadata operations per task in the run
# directory: entries created (files and folders left, plus those deleted), renames and deletes (counted with strace
# across the orchestrator and every task process).
# Usage: bench/batch-scatter.sh [N=10000] [modes="array single"]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"
n="${1:-10000}"
modes="${2:-array single}"
main=org.wdlbatch.orchestrator.batch.bench.BatchScatterBenchmark
work="$(mktemp -d)"
. bench/orchestrator-classpath.sh "$work"
trace=()
if command -v strace >/dev/null; then
  trace=(strace -f -qq --seccomp-bpf -e signal=none -e trace=rename,renameat,renameat2,unlink,unlinkat,rmdir -o "$work/ops")
fi
"${trace[@]}" java -Xmx2g -Dlogback.configurationFile=aws-emulator-logback.xml -cp "$cp" $main emulator "$work" \
  >"$work/emulator.out" 2>"$work/emulator.err" &
emu=$!
# $emu is strace when tracing: stop the emulator JVM under it first
trap 'kill $(pgrep -P $emu) $emu 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do grep -q '^endpoint' "$work/emulator.out" && break; sleep 0.2; done
read -r _ endpoint _ efs < <(grep '^endpoint' "$work/emulator.out")
# the orchestrator JVM runs as the image's entrypoint runs it (the JVM's defaults), with the benchmark's heap cap
for mode in $modes; do
  echo "== $mode =="
  "${trace[@]/%ops/ops-$mode}" java -Xmx512m -cp "$cp" $main run "$endpoint" "$efs" "$n" "$mode" | tee "$work/$mode.out" \
    | grep -v '^RUNDIR'
  rundir="$(sed -n 's/^RUNDIR //p' "$work/$mode.out")"
  if [ ${#trace[@]} -gt 0 ] && [ -n "$rundir" ]; then
    ops="$(cat "$work/ops-$mode" "$work/ops" 2>/dev/null | grep -F "$rundir" || true)"
    renames=$(grep -cE '^[0-9]+ +rename' <<<"$ops" || true)
    deletes=$(grep -cE '^[0-9]+ +(unlink|rmdir)' <<<"$ops" || true)
    entries=$(find "$rundir" -mindepth 1 | wc -l)
    awk -v e="$entries" -v d="$deletes" -v r="$renames" -v n="$n" 'BEGIN {
      printf "created per task             %.2f (entries left %.2f + deleted %.2f)\n", (e + d) / n, e / n, d / n
      printf "renamed per task             %.2f\n", r / n
      printf "deleted per task             %.2f\n", d / n }'
    echo "entries of one task directory: $(ls "$rundir/call-noop-0" | tr '\n' ' ')"
  fi
done
