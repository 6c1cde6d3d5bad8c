#!/usr/bin/env bash
# Build step (orchestrator-image, package phase, after the shade): the static class-data sharing archive of
# wdlbatch.jar, made by JAVA (the JVM running the build; bin/wdlbatch uses the archive only with that same JVM).
# Records the classes that training runs load (--help, --version, check, input_template, zip and a local run of
# training/main.wdl) into wdlbatch.classlist, then dumps wdlbatch.jsa from it, with wdlbatch.jsa.jvm saying which
# JVM made it (see bin/cds-launch.sh). A failure here leaves no archive and fails nothing: the launcher runs without.
# Usage: cds-archive.sh JAVA JAR TRAINING_DIR
set -uo pipefail
java=$1
jar=$2
training=$3
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../.." && pwd)"
# shellcheck source=../../../bin/cds-launch.sh
. "$here/bin/cds-launch.sh"
opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "${jar%.jar}.jsa" "${jar%.jar}.jsa.jvm" "${jar%.jar}.classlist"
n=0
train() {
  n=$((n + 1))
  (cd "$work" && "$java" "${opts[@]}" -XX:DumpLoadedClassList="$work/$n.list" -jar "$jar" "$@" >/dev/null 2>&1) || true
}
train --help
train --version
train check "$training/main.wdl"
train input_template "$training/main.wdl"
train zip "$training/main.wdl" -o "$work/training.zip"
train run "$training/main.wdl" --dir "$work/runs"
cat "$work"/*.list 2>/dev/null | sort -u >"${jar%.jar}.classlist"
if cds_dump "$java" "$jar" "${jar%.jar}.classlist" "${opts[@]}"; then
  echo "cds-archive: ${jar%.jar}.jsa ($(wc -l <"${jar%.jar}.classlist") classes listed; $(du -k "${jar%.jar}.jsa" | cut -f1) KiB)"
else
  echo "cds-archive: no archive made (the launcher runs without one)" >&2
fi
