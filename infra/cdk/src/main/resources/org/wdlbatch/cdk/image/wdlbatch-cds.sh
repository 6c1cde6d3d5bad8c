#!/usr/bin/env bash
# Orchestrator image build step (the Dockerfile RUNs it): the static class-data sharing archive of APP/wdlbatch.jar,
# written by the image's own JVM (an archive maps only on the JVM that wrote it), from the class list the build
# recorded (APP/wdlbatch.classlist: orchestrator-image/src/build/cds-archive.sh's training runs), with
# APP/wdlbatch.jsa.jvm naming that JVM (cds_dump of cds-launch.sh). Static, not dynamic: JDK 17 leaves classes older
# than Java 6 out of a dynamic archive, and picocli's are Java 5 classes.
# Never fails the image build: without an archive the image runs as before (the JDK's own default archive only), and
# this says so on stderr.
# Usage: wdlbatch-cds.sh APP [JAVA]   (JAVA: the java on PATH, the image's, unless named)
set -uo pipefail
app=$1
java=${2:-java}
jar=$app/wdlbatch.jar
list=$app/wdlbatch.classlist
# shellcheck source=../../../../../../../../bin/cds-launch.sh
. "$app/cds-launch.sh"
rm -f "$app/wdlbatch.jsa" "$app/wdlbatch.jsa.jvm"
if [ ! -s "$list" ]; then
  echo "wdlbatch-cds: no class list ($list is empty or missing): the image runs without an archive" >&2
  exit 0
fi
# -Xmx1g: compressed oops and class pointers at dump time whatever the build machine's memory, as at run time with
# any heap under 32 GiB; a JVM whose setting differs from the archive's rejects it.
if cds_dump "$java" "$jar" "$list" -Xmx1g; then
  echo "wdlbatch-cds: $app/wdlbatch.jsa ($(wc -l <"$list") classes listed; $(du -k "$app/wdlbatch.jsa" | cut -f1) KiB;" \
    "$(sed -n 2p "$app/wdlbatch.jsa.jvm"))"
else
  echo "wdlbatch-cds: no archive made (-Xshare:dump with $java failed): the image runs without one" >&2
fi
exit 0
