#!/usr/bin/env bash
# Stands in for bin/wdlbatch in the workflow job of a run that fails: ends with the lines `wdlbatch run` prints for a
# failed run (the failure and where error.json is, on stderr), the end-of-log marker, and exit status 1.
dir=/tmp
prev=
for a in "$@"; do
  if [ "$prev" = "--dir" ]; then dir="$a"; fi
  prev="$a"
done
echo "fake wdlbatch: $*"
echo "wdlbatch: call-hello failed: command exited with status 3" >&2
echo "  details: $dir/20261204_101500_hello/error.json" >&2
echo "wdlbatch: end of workflow log (exit status 1)"
exit 1
