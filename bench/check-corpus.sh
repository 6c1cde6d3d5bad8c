#!/usr/bin/env bash
# Runs `wdlbatch check` over every .wdl file under each DIR (one invocation per DIR, imports resolved relative to
# each file) and prints a summary per DIR and in total: "N passed, M failed". Problems of failing files are shown.
# With MINIWDL=<dir holding miniwdl's WDL package> (see ../shared/tools/miniwdl-anchor.sh, or any checkout of
# chanzuckerberg/miniwdl whose dependencies the python has), every file is also checked with `miniwdl check` and
# the verdicts are compared: "agree N of M" per DIR and the files where one accepts what the other rejects, with
# each side's first problem.
# MINIWDL_CACHE=DIR keeps miniwdl's verdicts between runs (keyed by the file's path and text; its imports are assumed
# unchanged). MINIWDL_ARGS adds options to miniwdl check (e.g. --no-quant-check, its mode for older WDL code that Cromwell runs).
# Usage: [MINIWDL=/path [MINIWDL_ARGS=..]] [PYTHON=/usr/bin/python3] bench/check-corpus.sh DIR...
#        (exit 0 when every file passed, 1 otherwise)
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [ $# -eq 0 ]; then
  echo "usage: $0 DIR..." >&2
  exit 2
fi
python=${PYTHON:-/usr/bin/python3}
miniwdl=${MINIWDL:-}
total_pass=0
total_fail=0
total_agree=0
total_files=0
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
    grep -v ': warning: \|^    hint: ' "$err" | sed 's/^/    /'
  fi
  warnings=$(grep -c ': warning: ' "$err")
  summary="$dir: $pass passed, $fail failed (of ${#files[@]}); $warnings warnings"
  if [ -n "$miniwdl" ]; then
    agree=0
    for f in "${files[@]}"; do
      ours=rejects
      grep -qxF "$f: ok" "$out" && ours=accepts
      # miniwdl check exits non-zero on a load or type error; lint findings alone leave it at 0
      cached=""
      if [ -n "${MINIWDL_CACHE:-}" ]; then
        mkdir -p "$MINIWDL_CACHE"
        cached="$MINIWDL_CACHE/$( (echo "$f ${MINIWDL_ARGS:-}"; cat "$f") | sha1sum | cut -c1-40)"
      fi
      if [ -n "$cached" ] && [ -f "$cached.rc" ]; then
        theirs_out=$(cat "$cached.out")
        theirs_rc=$(cat "$cached.rc")
      else
        theirs_out=$(cd "$(dirname "$f")" && PYTHONPATH="$miniwdl" "$python" -m WDL check --no-shellcheck \
          ${MINIWDL_ARGS:-} "$(basename "$f")" 2>&1)
        theirs_rc=$?
        if [ -n "$cached" ]; then
          printf '%s\n' "$theirs_out" >"$cached.out"
          echo "$theirs_rc" >"$cached.rc"
        fi
      fi
      theirs=accepts
      [ $theirs_rc -eq 0 ] || theirs=rejects
      if [ "$ours" = "$theirs" ]; then
        agree=$((agree + 1))
      else
        echo "DISAGREE: $f: wdlbatch $ours, miniwdl $theirs"
        if [ "$ours" = rejects ]; then
          # our first problem of this file (lines naming it)
          grep -F "$(basename "$f")" "$err" | grep -v ': warning: ' | head -1 | sed 's/^/    wdlbatch: /'
        else
          # its problems start with "(file Ln N Col M)"; a crash shows the exception's last line
          { echo "$theirs_out" | grep '^(' || echo "$theirs_out" | grep -v '^\s*$' | tail -1; } | head -2 \
            | sed 's/^/    miniwdl: /'
        fi
      fi
    done
    summary="$summary; agreement with miniwdl: $agree of ${#files[@]}"
    total_agree=$((total_agree + agree))
  fi
  echo "$summary"
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  total_files=$((total_files + ${#files[@]}))
  rm -f "$out" "$err"
done
if [ -n "$miniwdl" ]; then
  echo "total: $total_pass passed, $total_fail failed; agreement with miniwdl: $total_agree of $total_files"
else
  echo "total: $total_pass passed, $total_fail failed"
fi
[ "$total_fail" -eq 0 ]
