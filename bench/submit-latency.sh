#!/usr/bin/env bash
# The submitter's own wall time, cold JVM each time (as a user types it): `submit_awsbatch --help`, and a submission
# of examples/hello.wdl (settings from the queue's tags, access point lookup, WDL checked, bundled and shipped,
# RegisterJobDefinition + SubmitJob + DeregisterJobDefinition) against a standalone bin/aws-emulator on loopback.
# The first submission after a build makes the AppCDS archive (submitter-cli/target/submit_awsbatch.jsa) and is
# reported apart; the figures are the median and the best of the next RUNS. Goals: under 0.5 s for --help, under 1.5 s for
# a submission. Build first: ./mvnw -q -DskipTests package. Usage: bench/submit-latency.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs=${1:-5}
port=${EMULATOR_PORT:-4598}
data=$(mktemp -d)
"$here/bin/aws-emulator" --port "$port" --data "$data/emu" >"$data/emulator.log" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 300); do grep -q "listening on" "$data/emulator.log" && break; sleep 0.2; done
grep -q "listening on" "$data/emulator.log" || { cat "$data/emulator.log" >&2; exit 1; }
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=emulator AWS_SECRET_ACCESS_KEY=emulator
export WDLBATCH__AWS__WORKFLOW_QUEUE=wdl-workflows WDLBATCH__FILE_IO__ROOT="$data/emu/efs"
rm -f "$here/submitter-cli/target/submit_awsbatch.jsa"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
measure() { # label, then the command; prints first run, median and best of the next $runs
  local label=$1; shift
  local t0 t1 first times=()
  t0=$(ms); "$@" >/dev/null 2>"$data/err" || { cat "$data/err" >&2; exit 1; }; t1=$(ms); first=$((t1 - t0))
  for _ in $(seq "$runs"); do
    t0=$(ms); "$@" >/dev/null 2>"$data/err" || { cat "$data/err" >&2; exit 1; }; t1=$(ms); times+=($((t1 - t0)))
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  printf '%-34s first run %5d ms; then median %5d ms, best %5d ms over %d cold runs\n' \
    "$label" "$first" "${sorted[$((runs / 2))]}" "${sorted[0]}" "$runs"
}
# the submission first: its first run records the CDS archive that every later run (--help too) maps
measure "submit_awsbatch hello.wdl (emulator)" "$here/bin/submit_awsbatch" "$here/examples/hello.wdl" names=Alice
measure "submit_awsbatch --help" "$here/bin/submit_awsbatch" --help
echo "goals: --help under 500 ms, a submission under 1500 ms"
