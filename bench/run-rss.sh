#!/usr/bin/env bash
# Peak resident memory of `wdlbatch run` of a 1,000-call local scatter (not a test), beside miniwdl's (issue 20:
# 62 MiB for the same scatter, measured once; miniwdl's `run` needs a container engine per call, which this
# machine has not, so the anchor cannot run here). Prints, through bin/wdlbatch (its JVM options and CDS archive):
#   - the peak RSS (/usr/bin/time %M, the kernel's high-water mark) of RUNS runs of the scatter, min/median/max,
#     with user and system CPU, and the ratio of the median to miniwdl's 62 MiB (goal: at most 1);
#   - the floor: `wdlbatch --version` (the JVM with this jar's classes, before any work) and a one-file `check`;
#   - with BREAKDOWN=1, where the peak goes: the run's mappings (smaps) at its highest RSS, by kind (the CDS
#     archive, the Java heap, libjvm, the code cache, malloc arenas, thread stacks, other), and the threads then.
# Extra JVM options (to compare settings) through WDLBATCH_JAVA_OPTS, as for bin/wdlbatch.
# Run directories go to /dev/shm when it exists. Build first: ./mvnw -q -DskipTests package.
# Usage: bench/run-rss.sh [CALLS=1000] [RUNS=5]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
calls=${1:-1000}
runs=${2:-5}
anchor_kib=$((62 * 1024))
[ -x /usr/bin/time ] || { echo "run-rss: needs GNU time (apt-get install time)" >&2; exit 2; }
[ -f "$here/orchestrator-image/target/wdlbatch.jar" ] || [ -f "$here/lib/wdlbatch.jar" ] \
  || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
dir=/dev/shm; [ -d "$dir" ] && [ -w "$dir" ] || dir="${TMPDIR:-/tmp}"
work=$(mktemp -d "$dir/wdlbatch-rss.XXXXXX")
trap 'rm -rf "$work"' EXIT
# the scatter of bench/engine-scatter.sh: a task running echo, called once per element of range(calls)
cp "$here/bench/src/main/resources/org/wdlbatch/bench/engine/scatter-trivial.wdl" "$work/scatter.wdl"
wdlbatch="$here/bin/wdlbatch"
# one figure: peak KiB, user s, system s of a command (its output dropped; a failure stops the benchmark)
measure() {
  /usr/bin/time -o "$work/time" -f "%M %U %S" "$@" >"$work/out" 2>"$work/err" \
    || { cat "$work/err" >&2; echo "run-rss: failed: $*" >&2; exit 1; }
  cat "$work/time"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(uptime | sed 's/.*load average: //')"
echo "JVM options added: ${WDLBATCH_JAVA_OPTS:-(none)}"
"$wdlbatch" run "$work/scatter.wdl" calls=2 --dir "$work/warm" >/dev/null 2>&1 || true # the archive, if missing
read -r v _ < <(measure "$wdlbatch" --version)
read -r c _ < <(measure "$wdlbatch" check "$work/scatter.wdl")
peaks=()
for i in $(seq "$runs"); do
  rm -rf "$work/runs"
  read -r k u s < <(measure "$wdlbatch" run "$work/scatter.wdl" "calls=$calls" --dir "$work/runs")
  printf '  run %d: peak RSS %s, CPU %.2f s user + %.2f s system\n' "$i" "$(mib "$k")" "$u" "$s"
  peaks+=("$k")
done
sorted=$(printf '%s\n' "${peaks[@]}" | sort -n)
min=$(head -1 <<<"$sorted"); max=$(tail -1 <<<"$sorted"); med=$(sed -n "$(((runs + 1) / 2))p" <<<"$sorted")
printf '%-44s %s\n' "floor: wdlbatch --version" "$(mib "$v")"
printf '%-44s %s\n' "floor: wdlbatch check (one file)" "$(mib "$c")"
printf '%-44s %s (min %s, max %s)\n' "wdlbatch run, $calls local calls: median" "$(mib "$med")" "$(mib "$min")" "$(mib "$max")"
printf '%-44s %s\n' "miniwdl run, 1,000 calls (issue 20)" "62.0 MiB"
awk -v m="$med" -v a="$anchor_kib" 'BEGIN { printf "%-44s %.2f (goal: at most 1)\n", "ratio (median / miniwdl)", m / a }'
[ "${BREAKDOWN:-0}" = 1 ] || exit 0

# Where the peak goes: the run sampled every 20 ms; at each new high its smaps is kept.
rm -rf "$work/runs"
"$wdlbatch" run "$work/scatter.wdl" "calls=$calls" --dir "$work/runs" >/dev/null 2>&1 &
pid=$!
high=0
while [ -r "/proc/$pid/status" ]; do
  r=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
  # (an exiting process reads as an empty smaps: only a non-empty copy counts)
  if [ -n "$r" ] && [ "$r" -gt "$high" ] && cp "/proc/$pid/smaps" "$work/smaps.new" 2>/dev/null \
    && [ -s "$work/smaps.new" ]; then
    high=$r
    mv "$work/smaps.new" "$work/smaps"
    ls "/proc/$pid/task" 2>/dev/null | wc -l >"$work/threads"
  fi
  sleep 0.02
done
wait "$pid" || true
echo "at the sampled high ($(mib "$high"), $(cat "$work/threads") threads), by kind (MiB resident, of which anonymous):"
python3 - "$work/smaps" <<'PY'
import collections, re, sys
rows = []
for line in open(sys.argv[1]):
    m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$', line)
    if m:
        rows.append({'s': int(m.group(1), 16), 'e': int(m.group(2), 16), 'perm': m.group(3), 'name': m.group(4)})
    elif rows and line.split(':')[0] in ('Rss', 'Anonymous'):
        rows[-1][line.split(':')[0]] = int(line.split()[1])
# The Java heap: with compressed oops (a heap under 32 GiB) the JVM reserves it below 0x800000000, where nothing
# else anonymous is mapped (the class space and the archive go at or above it).
def kind(i, r):
    n, size = r['name'], r['e'] - r['s']
    if n.endswith('.jsa'): return 'CDS archive'
    if 'libjvm' in n: return 'libjvm.so'
    if n.startswith('/'): return 'other files (libraries, JDK modules, locale)'
    if n == '[heap]': return 'malloc (main arena)'
    if n == '[stack]': return 'thread stacks'
    if not n and r['s'] < 0x800000000:
        return 'Java heap'
    if 'x' in r['perm']: return 'code cache'
    prev = rows[i - 1] if i else None
    if prev and prev['perm'] == '---p' and prev['e'] == r['s'] and (prev['e'] - prev['s']) <= 16 << 10:
        return 'thread stacks'  # a stack sits above its guard page(s)
    nxt = rows[i + 1] if i + 1 < len(rows) else None
    if r['s'] % (64 << 20) == 0 and (size == 64 << 20 or (nxt and nxt['perm'] == '---p' and nxt['s'] == r['e'])):
        return 'malloc arenas'  # glibc's per-thread arenas: 64 MiB-aligned reservations
    return 'other anonymous (metaspace, GC, symbols, JVM malloc)'
total, anon = collections.Counter(), collections.Counter()
for i, r in enumerate(rows):
    k = kind(i, r)
    total[k] += r.get('Rss', 0)
    anon[k] += r.get('Anonymous', 0)
for k, v in total.most_common():
    print(f"  {k:<56} {v / 1024:6.1f}  ({anon[k] / 1024:.1f})")
print(f"  {'total':<56} {sum(total.values()) / 1024:6.1f}  ({sum(anon.values()) / 1024:.1f})")
PY
