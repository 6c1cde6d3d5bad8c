#!/usr/bin/env bash
# The emulator's own API throughput, measured with an independent HTTP load generator (wrk) so that the client's
# CPU (SigV4 signing, JSON) does not count against the server: a standalone bin/aws-emulator, then 16 connections
# alternating SubmitJob and DescribeJobs (of each connection's last 10 jobs) for 10 s on loopback. The jobs run
# for real (`true`), so job scheduling is part of the load. Goal: at least 2,000 calls/s.
# Needs wrk (Debian: apt-get install wrk). Usage: bench/emulator-wrk.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
port=${EMULATOR_PORT:-4597}
data=$(mktemp -d)
"$here/bin/aws-emulator" --port "$port" >"$data/emulator.log" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 300); do grep -q "listening on" "$data/emulator.log" && break; sleep 0.2; done
grep -q "listening on" "$data/emulator.log" || { cat "$data/emulator.log" >&2; exit 1; }
auth='Authorization: AWS4-HMAC-SHA256 Credential=bench/20261121/us-east-1/batch/aws4_request, SignedHeaders=host, Signature=0'
curl -s -o /dev/null -X POST -H "$auth" -H 'Content-Type: application/json' "http://127.0.0.1:$port/v1/registerjobdefinition" \
  -d '{"jobDefinitionName":"bench","type":"container","containerProperties":{"image":"ubuntu","command":["true"]}}'
# warm-up (JIT), then the measured run
wrk -t2 -c"${2:-16}" -d3s -s "$here/bench/emulator-mixed.lua" "http://127.0.0.1:$port" -- wdl-tasks >/dev/null
wrk -t2 -c"${2:-16}" -d"${1:-10}"s -s "$here/bench/emulator-mixed.lua" "http://127.0.0.1:$port" -- wdl-tasks \
  | sed -n 's/^Requests\/sec: *\(.*\)/API calls\/s (SubmitJob + DescribeJobs, 1:1, wrk, loopback): \1/p'
echo "goal: at least 2000 calls/s"
