#!/usr/bin/env bash
# The live status bar as a person sees it (not a test): a 200-call scatter through `wdlbatch run --backend
# aws-batch` against bin/aws-emulator, run inside a detached tmux session (a real terminal, 140x20), whose pane is
# captured (`tmux capture-pane -p`) every few seconds and printed. Shows the bottom bar with the calls by AWS
# Batch's states (queued/submitted/pending/runnable/starting/running/done/failed), reserved vCPU and memory, spot
# reclaims and throttled requests, redrawn in place under the log. Needs tmux and a build (./mvnw package).
# Usage: bench/status-bar-tmux.sh [CALLS=200] [CAPTURES=6] [SECONDS_BETWEEN=4]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
calls="${1:-200}"
captures="${2:-6}"
between="${3:-4}"
command -v tmux >/dev/null || { echo "status-bar-tmux: tmux is not installed (apt-get install tmux)" >&2; exit 2; }
work="$(mktemp -d)"
session="wdlbatch-status-$$"
emu=""
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  [ -n "$emu" ] && kill "$emu" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$here/bin/aws-emulator" --port 0 --data "$work/emu" >"$work/emulator.out" 2>"$work/emulator.err" &
emu=$!
for _ in $(seq 1 300); do grep -q 'export AWS_ENDPOINT_URL' "$work/emulator.out" 2>/dev/null && break; sleep 0.2; done
grep -q 'export AWS_ENDPOINT_URL' "$work/emulator.out" || { cat "$work/emulator.err" >&2; exit 1; }
exports="$(grep -o 'export AWS_ENDPOINT_URL.*' "$work/emulator.out")"
efs="$(sed -n 's/.*EFS access point \(fsap-[0-9a-f]*\) -> //p' "$work/emulator.out")"
fsap="$(sed -n 's/.*EFS access point \(fsap-[0-9a-f]*\) -> .*/\1/p' "$work/emulator.out")"

mkdir -p "$efs/runs"
cat >"$efs/scatter.wdl" <<WDL
version 1.1
task work {
  input { Int i }
  command <<< sleep \$(( ~{i} % 7 + 3 )); echo ~{i} >>>
  runtime { cpu: 1  memory: "2 GiB" }
  output { Int n = read_int(stdout()) }
}
workflow fanout {
  scatter (i in range($calls)) { call work { input: i = i } }
  output { Array[Int] ns = work.n }
}
WDL
cat >"$work/run.sh" <<RUN
$exports
export WDLBATCH__AWS__TASK_QUEUE=wdl-tasks WDLBATCH__AWS__FSAP=$fsap WDLBATCH__FILE_IO__ROOT=$efs
export WDLBATCH__CALL_CACHE__GET=false WDLBATCH__CALL_CACHE__PUT=false
cd "$efs" && "$here/bin/wdlbatch" run scatter.wdl --backend aws-batch --dir "$efs/runs" -o "$work/result.json"
echo "exit status \$?"
sleep 600
RUN
tmux new-session -d -s "$session" -x 140 -y 20 "bash $work/run.sh"
for n in $(seq 1 "$captures"); do
  sleep "$between"
  echo "===== capture $n (after $((n * between)) s) ====="
  tmux capture-pane -p -t "$session" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
done
for _ in $(seq 1 300); do grep -q . "$work/result.json" 2>/dev/null && break; sleep 1; done
sleep 2
echo "===== at the end ====="
tmux capture-pane -p -t "$session" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
