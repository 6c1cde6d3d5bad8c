# Sourced by the orchestrator benchmarks: builds orchestrator-image's test classes and sets $cp to a classpath of
# private copies of the build's class folders in "$1" (a rebuild during a long benchmark must not change its
# classes) and the test-scope jars.
./mvnw -q -B -o -pl orchestrator-image -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp=""
i=0
for entry in orchestrator-image/target/test-classes orchestrator-image/target/classes \
    $(tr ':' ' ' < orchestrator-image/target/bench.classpath); do
  if [ -d "$entry" ]; then
    i=$((i + 1)); mkdir -p "$1/cp/$i"; cp -r "$entry/." "$1/cp/$i/"; entry="$1/cp/$i"
  fi
  cp="${cp:+$cp:}$entry"
done
