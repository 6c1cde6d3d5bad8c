#!/usr/bin/env bash
# Start-up against the anchors, in one run (not a test): each figure beside miniwdl's / miniwdl-aws's and the ratio.
#   wdlbatch --help                    vs  miniwdl --help                           (goal: ratio <= 0.5)
#   wdlbatch check examples/hello.wdl  vs  miniwdl check --no-shellcheck (same file) (goal: ratio <= 0.7)
#   submit_awsbatch examples/hello.wdl vs  miniwdl-aws-submit (same file, same emulator) (goal: ratio <= 0.7)
# Cold processes through the launchers, as a user types them (bin/wdlbatch and bin/submit_awsbatch with their
# CDS archives), timed by hyperfine (WARMUP warm-up runs, then RUNS). Prints the mean wall time and the mean CPU
# time (user + system, of the process and its children) with their ratios: on a machine shared with other builds
# the wall time carries the load, the CPU time much less; the load average is printed before and after.
# The anchors run from their sources with Debian's python3 packages: MINIWDL (a layout made by
# ../shared/tools/miniwdl-anchor.sh; default /tmp/miniwdl-anchor) and MINIWDL_AWS (a checkout of miniwdl-aws; default:
# made from MINIWDL_AWS_MIRROR, a bare git mirror). Debian's botocore predates AWS_ENDPOINT_URL, so miniwdl-aws runs
# through bench/miniwdl-aws-submit.py, which gives its clients the emulator's endpoint and changes nothing else.
# Both submitters name an image the emulator runs with the host's bash, so the submitted workflow jobs end at once
# instead of loading the machine while the next submissions are timed.
# Build first: ./mvnw -q -DskipTests package. Usage: bench/startup-ratios.sh [RUNS=10] [WARMUP=3]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs=${1:-10}
warmup=${2:-3}
py=/usr/bin/python3
command -v hyperfine >/dev/null || { echo "startup-ratios: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
miniwdl=${MINIWDL:-${TMPDIR:-/tmp}/miniwdl-anchor}
if [ ! -f "$miniwdl/WDL/__init__.py" ]; then
  mirror=${MINIWDL_MIRROR:-/work/.mirror/chanzuckerberg+miniwdl/repo}
  miniwdl=$("$here/../shared/tools/miniwdl-anchor.sh" "$mirror" "$miniwdl" | tail -1)
fi
mwaws=${MINIWDL_AWS:-${TMPDIR:-/tmp}/miniwdl-aws-anchor}
if [ ! -f "$mwaws/miniwdl_aws/__init__.py" ]; then
  mkdir -p "$mwaws"
  git --git-dir="${MINIWDL_AWS_MIRROR:-/work/.mirror/miniwdl-ext+miniwdl-aws/repo}" archive HEAD | tar -x -C "$mwaws"
  PYTHONDONTWRITEBYTECODE= $py -m compileall -q "$mwaws/miniwdl_aws" >/dev/null
fi
work=$(mktemp -d)
port=${EMULATOR_PORT:-4597}
"$here/bin/aws-emulator" --port "$port" --data "$work/emu" >"$work/emulator.log" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -rf "$work"' EXIT
# miniwdl-aws-submit runs `miniwdl zip` as a command: the console script pip would install
mkdir -p "$work/bin"
printf '#!/bin/sh\nPYTHONPATH=%s exec %s -m WDL "$@"\n' "$miniwdl" "$py" >"$work/bin/miniwdl"
chmod +x "$work/bin/miniwdl"
for _ in $(seq 300); do grep -q "listening on" "$work/emulator.log" && break; sleep 0.2; done
grep -q "listening on" "$work/emulator.log" || { cat "$work/emulator.log" >&2; exit 1; }
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=emulator AWS_SECRET_ACCESS_KEY=emulator WDLBATCH__FILE_IO__ROOT="$work/emu/efs"
image=bench.invalid/none:0
wdl="$here/examples/hello.wdl"
cd "$work"
# the first submission records the submitter's class list and archive (kept next to its jar); not timed
"$here/bin/submit_awsbatch" --workflow-queue wdl-workflows --image "$image" "$wdl" names=Alice >/dev/null 2>&1 || true
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before: $(uptime | sed 's/.*load average: //')"
compare() { # label, goal, ours, anchor
  local label=$1 goal=$2
  hyperfine -N -w "$warmup" -r "$runs" --export-json "$work/h.json" "$3" "$4" >/dev/null 2>"$work/h.err" \
    || { cat "$work/h.err" >&2; return 1; }
  $py - "$work/h.json" "$label" "$goal" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, anchor = r
cpu = lambda x: x["user"] + x["system"]
print(f"{sys.argv[2]:<24} wall {ours['mean']*1000:6.0f} ms vs {anchor['mean']*1000:6.0f} ms = {ours['mean']/anchor['mean']:.2f}x"
      f"   CPU {cpu(ours)*1000:6.0f} ms vs {cpu(anchor)*1000:6.0f} ms = {cpu(ours)/cpu(anchor):.2f}x   (goal <= {sys.argv[3]}x)")
PY
}
echo "                          wdlbatch vs anchor (mean of $runs after $warmup warm-up runs)"
compare "--help" 0.5 "$here/bin/wdlbatch --help" "env PYTHONPATH=$miniwdl $py -m WDL --help"
compare "check hello.wdl" 0.7 "$here/bin/wdlbatch check $wdl" \
  "env PYTHONPATH=$miniwdl $py -m WDL check --no-shellcheck $wdl"
compare "one submission" 0.7 \
  "$here/bin/submit_awsbatch --workflow-queue wdl-workflows --image $image $wdl names=Alice" \
  "env PATH=$work/bin:$PATH PYTHONPATH=$miniwdl:$mwaws $py $here/bench/miniwdl-aws-submit.py --workflow-queue wdl-workflows --image $image $wdl names=Alice"
echo "load average after: $(uptime | sed 's/.*load average: //')"
