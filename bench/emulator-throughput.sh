#!/usr/bin/env bash
# Throughput of aws-emulator on loopback through the real AWS SDK v2 Batch client:
# prints API calls/s (mixed SubmitJob/DescribeJobs) and jobs started/s.
#   bench/emulator-throughput.sh [seconds=10] [threads=16] [jobs=400] [describe=10 ids a DescribeJobs]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"
./mvnw -q -B -pl aws-emulator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="aws-emulator/target/test-classes:aws-emulator/target/classes:$(cat aws-emulator/target/bench.classpath)"
exec "${JAVA:-java}" -Dlogback.configurationFile=aws-emulator-logback.xml -cp "$cp" \
  org.wdlbatch.emulator.bench.EmulatorThroughput "$@"
