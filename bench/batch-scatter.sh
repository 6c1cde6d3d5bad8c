#!/usr/bin/env bash
# aws-batch backend benchmark (not a test): an N-call scatter of no-op tasks (default 10,000) against aws-emulator
# throttling as AWS does (~50 Batch requests/s for everything), once with array jobs and once without. Prints total
# API calls, SubmitJob / DescribeJobs / ListJobs calls, throttled requests, the time until every job is submitted,
# the orchestrator's peak heap (its own JVM, -Xmx512m), and the file-system metadata operations per task in the run
# directory: entries created (files and folders left, plus those deleted), renames and deletes (counted with strace
# across the orchestrator and every task process), split into the entries the orchestrator creates before the last
# job is submitted (what a scatter waits on before Batch sees it; strace -ttt of the orchestrator's mkdir, O_CREAT
# opens, links and renames, each path once) and those made after (by the task jobs and the orchestrator).
# Usage: [BENCH_FILE_INPUT=1] bench/batch-scatter.sh [N=10000] [modes="array single"]
# (BENCH_FILE_INPUT=1: each task also takes a File input, linked under its work/_inputs/)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"
n="${1:-10000}"
modes="${2:-array single}"
main=org.wdlbatch.orchestrator.batch.bench.BatchScatterBenchmark
work="$(mktemp -d)"
. bench/orchestrator-classpath.sh "$work"
trace=()
otrace=()
if command -v strace >/dev/null; then
  deletes=rename,renameat,renameat2,unlink,unlinkat,rmdir
  trace=(strace -f -qq --seccomp-bpf -e signal=none -e trace=$deletes -o "$work/ops")
  # the orchestrator: also every create, with its time, to tell before from after submission
  otrace=(strace -f -qq -ttt --seccomp-bpf -e signal=none
    -e trace=$deletes,mkdir,mkdirat,open,openat,creat,symlink,symlinkat,link,linkat -o "$work/orch-ops")
fi
"${trace[@]}" java -Xmx2g -Dlogback.configurationFile=aws-emulator-logback.xml -cp "$cp" $main emulator "$work" \
  >"$work/emulator.out" 2>"$work/emulator.err" &
emu=$!
# $emu is strace when tracing: stop the emulator JVM under it first
. bench/emulator-stop.sh
trap stop_emulator EXIT
for _ in $(seq 1 300); do grep -q '^endpoint' "$work/emulator.out" && break; sleep 0.2; done
read -r _ endpoint _ efs < <(grep '^endpoint' "$work/emulator.out")
# the orchestrator JVM runs as the image's entrypoint runs it (the JVM's defaults), with the benchmark's heap cap
for mode in $modes; do
  echo "== $mode =="
  "${otrace[@]/%orch-ops/ops-$mode}" java -Xmx512m -cp "$cp" $main run "$endpoint" "$efs" "$n" "$mode" | tee "$work/$mode.out" \
    | grep -v '^RUNDIR'
  rundir="$(sed -n 's/^RUNDIR //p' "$work/$mode.out")"
  if [ ${#trace[@]} -gt 0 ] && [ -n "$rundir" ]; then
    ops="$(cat "$work/ops-$mode" "$work/ops" 2>/dev/null | grep -F "$rundir" || true)"
    renames=$(grep -cE '^[0-9]+ +([0-9.]+ +)?rename' <<<"$ops" || true)
    deletes=$(grep -cE '^[0-9]+ +([0-9.]+ +)?(unlink|rmdir)' <<<"$ops" || true)
    entries=$(find "$rundir" -mindepth 1 | wc -l)
    awk -v e="$entries" -v d="$deletes" -v r="$renames" -v n="$n" 'BEGIN {
      printf "created per task             %.2f (entries left %.2f + deleted %.2f)\n", (e + d) / n, e / n, d / n
      printf "renamed per task             %.2f\n", r / n
      printf "deleted per task             %.2f\n", d / n }'
    # before submission: paths the orchestrator created (mkdir, open with O_CREAT, links, rename targets) before
    # its last SubmitJob; a call split by strace across threads (<unfinished ...> / <... resumed>) is joined first
    at="$(sed -n 's/^SUBMITTED_AT //p' "$work/$mode.out")"
    awk -v at="$at" -v dir="$rundir/" -v n="$n" -v e="$entries" -v d="$deletes" '
      /<unfinished \.\.\.>$/ { sub(/ <unfinished \.\.\.>$/, ""); pend[$1] = $0; next }
      /<\.\.\. [a-z0-9]+ resumed>/ { if (!($1 in pend)) next; r = $0; sub(/^.*resumed>/, "", r); $0 = pend[$1] r; delete pend[$1] }
      index($0, dir) == 0 || $0 !~ /= [0-9]+$/ { next }
      {
        call = $3; sub(/\(.*/, "", call)
        if (call ~ /^open/ && $0 !~ /O_CREAT/) next
        if (call ~ /^(open|creat|mkdir)/ || call ~ /^(sym)?link/ || call ~ /^rename/) {
          # the created path: the last quoted path under the run directory on the line
          s = $0; p = ""
          while (match(s, /"[^"]*"/)) { q = substr(s, RSTART + 1, RLENGTH - 2); if (index(q, dir) == 1) p = q; s = substr(s, RSTART + RLENGTH) }
          if (p == "" || p in seen) next
          seen[p] = 1
          if ($2 + 0 <= at + 0) {
            before++
            rel = substr(p, length(dir) + 1); gsub(/[0-9]+/, "N", rel); what[rel]++
          }
        }
      }
      END {
        printf "created per task before its job was submitted %.2f (by the orchestrator)\n", before / n
        printf "created per task after submission              %.2f (task jobs, outputs.json)\n", (e + d - before) / n
        printf "created before submission, by name:"
        for (w in what) if (what[w] >= n / 10) printf " %s %.2f;", w, what[w] / n
        printf " other (run-level) %d\n", before - big(what) }
      function big(a,   k, t) { t = 0; for (k in a) if (a[k] >= n / 10) t += a[k]; return t }' \
      "$work/ops-$mode"
    echo "entries of one task directory: $(ls "$rundir/call-noop-0" | tr '\n' ' ')"
  fi
done
