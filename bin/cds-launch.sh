# Sourced by bin/wdlbatch, bin/submit_awsbatch and the orchestrator image (infra/cdk .../image/): a static
# class-data sharing (AppCDS) archive for a launcher's jar.
#
# The archive (<jar>.jsa) holds the classes a command loads, parsed and verified, so a start maps them instead of
# reading and verifying them from the jar. Static (-Xshare:dump from a class list), not dynamic: JDK 17 leaves
# classes older than Java 6 out of a dynamic archive, and picocli's ~180 classes are Java 5 classes.
# An archive is valid only for the exact JVM that made it and the jar at the same place: a JVM given another
# archive ignores it (-Xshare:auto) but then shares nothing, not even the JDK's own classes. So the launcher uses it
# only when <jar>.jsa.jvm names this JVM (its binary and its libjvm.so's size and mtime; `java -version` follows
# for people) and the archive is newer than the jar. Otherwise, where it may write next to the jar, it makes one:
# from <jar>.classlist (the build writes it for wdlbatch.jar; a release ships it), or, without a list, by recording
# the classes of this run first. WDLBATCH_NO_CDS=1 turns all of it off.

# Sets cds_fp to the JVM behind $1 (java, or a path): its binary and its libjvm.so's size and mtime. Fails when it
# cannot be told. (Few processes: every start of a launcher runs this.)
cds_fingerprint() {
  local bin lib
  bin=$(type -P "$1") && bin=$(readlink -f "$bin") || return 1
  lib="${bin%/*}"
  lib="${lib%/*}/lib/server/libjvm.so"
  [ -f "$lib" ] || return 1
  cds_fp="$bin $(stat -c '%s %Y' "$lib")" || return 1
}

# cds_dump JAVA JAR CLASSLIST [JVM options...]: writes <jar>.jsa and <jar>.jsa.jvm; quiet; fails without an archive.
cds_dump() {
  local java=$1 jar=$2 list=$3 tmp
  shift 3
  cds_fingerprint "$java" || return 1
  tmp="${jar%.jar}.jsa.$$.tmp"
  "$java" "$@" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$tmp" -cp "$jar" \
    -Xlog:disable -Xlog:all=off >/dev/null 2>&1
  if [ ! -s "$tmp" ]; then
    rm -f "$tmp"
    return 1
  fi
  { echo "$cds_fp"; "$java" -version 2>&1; } >"$tmp.jvm"
  mv -f "$tmp.jvm" "${jar%.jar}.jsa.jvm"
  mv -f "$tmp" "${jar%.jar}.jsa"
}

# cds_fits JAVA JAR: true when <jar>.jsa is newer than the jar and <jar>.jsa.jvm names the JVM behind JAVA. Sets
# cds_fp (empty when the JVM cannot be told). The orchestrator image's entrypoint uses this alone (it never dumps).
cds_fits() {
  local jsa="${2%.jar}.jsa" recorded=""
  cds_fp=""
  cds_fingerprint "$1" || return 1
  if [ -f "$jsa.jvm" ]; then read -r recorded <"$jsa.jvm" || true; fi
  [ -f "$jsa" ] && [ "$jsa" -nt "$2" ] && [ "$recorded" = "$cds_fp" ]
}

# cds_setup JAVA JAR TRAIN [JVM options...]: sets cds_opts (the options using the archive, or none) and cds_list
# (non-empty: run once with -XX:DumpLoadedClassList=$cds_list, then call cds_after_training). TRAIN=no for a run
# whose classes would make a poor archive (--help, --version).
cds_setup() {
  local java=$1 jar=$2 train=$3 jsa
  shift 3
  cds_opts=()
  cds_list=""
  [ -z "${WDLBATCH_NO_CDS:-}" ] || return 0
  jsa="${jar%.jar}.jsa"
  if cds_fits "$java" "$jar"; then
    cds_opts=(-XX:SharedArchiveFile="$jsa")
    return 0
  fi
  [ -n "$cds_fp" ] || return 0
  [ -w "${jar%/*}" ] || return 0
  if [ -s "${jar%.jar}.classlist" ]; then
    cds_dump "$java" "$jar" "${jar%.jar}.classlist" "$@" && cds_opts=(-XX:SharedArchiveFile="$jsa")
  elif [ "$train" = yes ]; then
    cds_list="${jar%.jar}.classlist.$$.tmp"
    cds_opts=(-XX:DumpLoadedClassList="$cds_list")
  fi
  return 0
}

# After a training run: keeps its class list and makes the archive from it.
cds_after_training() {
  local java=$1 jar=$2
  shift 2
  if [ -s "$cds_list" ]; then
    mv -f "$cds_list" "${jar%.jar}.classlist"
    cds_dump "$java" "$jar" "${jar%.jar}.classlist" "$@" || true
  else
    rm -f "$cds_list"
  fi
}
