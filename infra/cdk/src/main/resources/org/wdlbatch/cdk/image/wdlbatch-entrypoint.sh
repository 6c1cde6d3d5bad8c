#!/usr/bin/env bash
# The orchestrator image's entrypoint and its `wdlbatch` command. A job command may start with the word wdlbatch
# (submit_awsbatch sends `wdlbatch run ...`); it is dropped. The JVM maps the AppCDS archive made when the image was
# built; WDLBATCH_CDS_DUMP (image build only) writes that archive instead.
if [ "${1:-}" = wdlbatch ]; then
  shift
fi
cds=(-XX:SharedArchiveFile=/app/wdlbatch.jsa -Xshare:auto)
if [ -n "${WDLBATCH_CDS_DUMP:-}" ]; then
  cds=("-XX:ArchiveClassesAtExit=${WDLBATCH_CDS_DUMP}")
fi
# A long-lived orchestrator: the container's memory, not the JVM's default quarter of it. JVM warnings go to stderr
# only: stdout carries the run's result JSON.
exec java "${cds[@]}" -Xlog:disable -Xlog:all=warning:stderr -XX:MaxRAMPercentage=75 ${JAVA_OPTS:-} \
  -jar /app/wdlbatch.jar "$@"
