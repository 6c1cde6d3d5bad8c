#!/usr/bin/env bash
# Stands in for bin/wdlbatch in the workflow job of submitter tests that are about the submitter alone: prints its
# arguments and a few lines, then the end-of-log marker, and exits with the status given as an argument exit=N.
code=0
lines=3
for a in "$@"; do
  case "$a" in
    exit=*) code="${a#exit=}" ;;
    lines=*) lines="${a#lines=}" ;;
  esac
done
echo "fake wdlbatch: $*"
for i in $(seq 1 "$lines"); do
  echo "workflow log line $i"
  sleep 0.05
done
echo "wdlbatch: end of workflow log (exit status $code)"
exit "$code"
