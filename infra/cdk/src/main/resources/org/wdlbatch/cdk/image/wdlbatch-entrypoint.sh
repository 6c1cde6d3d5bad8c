#!/usr/bin/env bash
# The orchestrator image's entrypoint and its `wdlbatch` command. A job command may start with the word wdlbatch
# (submit_awsbatch sends `wdlbatch run ...`); it is dropped.
app=${WDLBATCH_IMAGE_APP:-/app} # tests only: the image's /app laid out elsewhere (OrchestratorImageCdsTest)
if [ "${1:-}" = wdlbatch ]; then
  shift
fi
# Class-data sharing: the static archive wdlbatch-cds.sh wrote when the image was built, passed only when its
# fingerprint (wdlbatch.jsa.jvm) names this JVM: a JDK 17 JVM given an archive it rejects shares nothing, not even
# the JDK's own default archive. -Xshare:auto: an archive the JVM still rejects (corrupt) runs as without one.
# WDLBATCH_NO_CDS=1 leaves it out, as in the launchers.
cds=()
if [ -z "${WDLBATCH_NO_CDS:-}" ] && . "$app/cds-launch.sh" && cds_fits java "$app/wdlbatch.jar"; then
  cds=(-XX:SharedArchiveFile="$app/wdlbatch.jsa" -Xshare:auto)
fi
# JVM flags chosen by measurement (bench/orchestrator-jvm.sh, docs/benchmarks.md "Orchestrator JVM flags"): on one
# vCPU the JIT's C2 compiler threads took 2.2 s CPU before a 200-call scatter was submitted and the run 5.5 s CPU in
# all; C1 only (-XX:TieredStopAtLevel=1) 0.4 s and 2.6 s: the orchestrator waits on AWS and files, and its code
# never runs hot enough for C2 to pay back. A long-lived orchestrator: the container's memory, not the JVM's default
# quarter of it. JVM warnings go to stderr only: stdout carries the run's result JSON. JAVA_OPTS comes last, so it
# can override any of them (e.g. JAVA_OPTS=-XX:TieredStopAtLevel=4 for a very long run).
exec java -XX:TieredStopAtLevel=1 "${cds[@]}" -Xlog:disable -Xlog:all=warning:stderr -XX:MaxRAMPercentage=75 \
  ${JAVA_OPTS:-} -jar "$app/wdlbatch.jar" "$@"
