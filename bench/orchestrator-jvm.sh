#!/usr/bin/env bash
# Chooses the orchestrator JVM's flags for small Fargate workflow jobs by measurement (not a test): the workflow job
# of an N-call scatter (default 200, array jobs) against aws-emulator, the orchestrator in its own JVM limited to one
# CPU (-XX:ActiveProcessorCount=1, as on a 1-vCPU Fargate task, where the JVM picks SerialGC itself) once per flag
# set, printing for each: wall time of the run, the process's user+system CPU (/usr/bin/time), CPU by thread when
# every task was submitted (the JIT's compiler threads are "C1 CompilerThre" and "C2 CompilerThre"), and peak RSS.
# Usage: bench/orchestrator-jvm.sh [N=200] [ROUNDS=1]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"
n="${1:-200}"
rounds="${2:-1}"
main=org.wdlbatch.orchestrator.batch.bench.BatchScatterBenchmark
work="$(mktemp -d)"
. bench/orchestrator-classpath.sh "$work"
java -Xmx2g -Dlogback.configurationFile=aws-emulator-logback.xml -cp "$cp" $main emulator "$work" \
  >"$work/emulator.out" 2>"$work/emulator.err" &
emu=$!
trap 'kill $emu 2>/dev/null || true; wait $emu 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do grep -q '^endpoint' "$work/emulator.out" && break; sleep 0.2; done
read -r _ endpoint _ efs < <(grep '^endpoint' "$work/emulator.out")
flagsets=(
  "(JVM defaults)|"
  "C1 only|-XX:TieredStopAtLevel=1"
  "one compiler thread each|-XX:CICompilerCount=2"
  "C1 only, 256k stacks|-XX:TieredStopAtLevel=1 -Xss256k"
  "C1 only, SerialGC, 256k stacks|-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss256k"
)
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(uptime | sed 's/.*load average: //'); $n calls, array jobs, 1 CPU"
for r in $(seq "$rounds"); do
  for fs in "${flagsets[@]}"; do
    label=${fs%%|*}
    flags=${fs#*|}
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" java -XX:ActiveProcessorCount=1 -Xmx512m $flags -cp "$cp" \
      $main run "$endpoint" "$efs" "$n" array >"$work/run.out" 2>"$work/run.err" || true
    read -r wall user sys rss <"$work/time"
    outcome=$(sed -n 's/^outcome *//p' "$work/run.out")
    threads=$(sed -n 's/^orchestrator CPU by thread so far (user+system s): //p' "$work/run.out")
    printf '%-32s wall %6.1f s  CPU %5.2f s (user %.2f + sys %.2f)  peak RSS %4d MiB  %s\n' "$label" "$wall" \
      "$(echo "$user + $sys" | bc)" "$user" "$sys" $((rss / 1024)) "$outcome"
    printf '%-32s   at submission: %s\n' "" "$threads"
  done
done
