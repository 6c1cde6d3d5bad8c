#!/usr/bin/env bash
# Runs `wdlbatch check` over every .wdl file under each DIR (one invocation per DIR, imports resolved relative to
# each file) and prints a summary per DIR and in total: "N passed, M failed". Problems of failing files are shown.
# Usage: bench/check-corpus.sh DIR...        (exit 0 when every file passed, 1 otherwise)
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [ $# -eq 0 ]; then
  echo "usage: $0 DIR..." >&2
  exit 2
fi
total_pass=0
total_fail=0
for dir in "$@"; do
  if [ ! -d "$dir" ]; then
    echo "check-corpus: $dir is not a directory" >&2
    exit 2
  fi
  mapfile -t files < <(find "$dir" -name '*.wdl' -type f | sort)
  if [ ${#files[@]} -eq 0 ]; then
    echo "$dir: no .wdl files"
    continue
  fi
  out=$(mktemp)
  err=$(mktemp)
  "$here/bin/wdlbatch" check "${files[@]}" >"$out" 2>"$err"
  rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
    echo "$dir: wdlbatch check failed unexpectedly (exit $rc):" >&2
    cat "$err" >&2
  fi
  pass=$(grep -c ': ok$' "$out")
  fail=$(( ${#files[@]} - pass ))
  if [ "$fail" -gt 0 ]; then
    for f in "${files[@]}"; do
      grep -qxF "$f: ok" "$out" || echo "FAILED: $f"
    done
    sed 's/^/    /' "$err"
  fi
  echo "$dir: $pass passed, $fail failed (of ${#files[@]})"
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  rm -f "$out" "$err"
done
echo "total: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
