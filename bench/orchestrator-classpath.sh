# Sourced by the orchestrator benchmarks: builds cli's test classes (with aws-batch's and workflow-job's,
# through its test-jar dependencies) and sets $cp to a classpath of
# private copies of the build's class folders in "$1" (a rebuild during a long benchmark must not change its
# classes) and the test-scope jars.
./mvnw -q -B -o -pl cli -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp=""
i=0
for entry in cli/target/test-classes cli/target/classes \
    $(tr ':' ' ' < cli/target/bench.classpath); do
  if [ -d "$entry" ]; then
    i=$((i + 1)); mkdir -p "$1/cp/$i"; cp -r "$entry/." "$1/cp/$i/"; entry="$1/cp/$i"
  fi
  cp="${cp:+$cp:}$entry"
done
