# Sourced by bin/wdlbatch, bin/submit_awsbatch and the orchestrator image (infra/cdk .../image/): a static
# class-data sharing (AppCDS) archive for a launcher's jar.
#
# The archive (<jar>.jsa) holds the classes a command loads, parsed and verified, so a start maps them instead of
# reading and verifying them from the jar. Static (-Xshare:dump from a class list), not dynamic: JDK 17 leaves
# classes older than Java 6 out of a dynamic archive, and picocli's ~180 classes are Java 5 classes.
# An archive is valid only for the exact JVM that made it and the jar at the same place: a JVM given another
# archive ignores it (-Xshare:auto) but then shares nothing, not even the JDK's own classes. So the launcher uses it
# only when <jar>.jsa.jvm names this JVM (its binary, and its libjvm.so's size and mtime; `java -version` follows
# for people), the record's own mtime is libjvm.so's (set when the archive is made: a JDK updated in place changes
# it) and the archive is newer than the jar. Otherwise, where it may write next to the jar, it makes one:
# from <jar>.classlist (the build writes it for wdlbatch.jar; a release ships it), or, without a list, by recording
# the classes of this run first. WDLBATCH_NO_CDS=1 turns all of it off.
# The check that an archive fits runs at every start, so it starts no process (a start of a launcher is ~150 ms,
# and each subshell or readlink/stat was about 1 ms of it): bash's own tests only (-ef, -nt, -ot).

# Sets cds_bin to the file that running $1 (java, or a path) would execute, as the shell finds it on PATH;
# no process. Fails when there is none.
cds_which() {
  local rest d
  cds_bin=""
  case "$1" in
    */*) [ -x "$1" ] && cds_bin=$1 ;;
    *)
      rest="$PATH:"
      while [ -n "$rest" ]; do
        d=${rest%%:*}
        rest=${rest#*:}
        if [ -x "${d:-.}/$1" ] && [ ! -d "${d:-.}/$1" ]; then
          cds_bin="${d:-.}/$1"
          break
        fi
      done
      ;;
  esac
  [ -n "$cds_bin" ]
}

# Sets cds_fp to the JVM behind $1 (java, or a path): its binary (symbolic links resolved) and its libjvm.so's size
# and mtime, and cds_lib to that libjvm.so. Fails when it cannot be told. Only when an archive is made.
cds_fingerprint() {
  local bin
  cds_which "$1" && bin=$(readlink -f "$cds_bin") || return 1
  cds_lib="${bin%/*}"
  cds_lib="${cds_lib%/*}/lib/server/libjvm.so"
  [ -f "$cds_lib" ] || return 1
  cds_fp="$bin $(stat -c '%s %Y' "$cds_lib")" || return 1
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
  # the record carries libjvm.so's mtime as its own, which cds_fits compares without starting a process
  touch -r "$cds_lib" "$tmp.jvm" || return 1
  mv -f "$tmp.jvm" "${jar%.jar}.jsa.jvm"
  mv -f "$tmp" "${jar%.jar}.jsa"
}

# cds_fits JAVA JAR: true when <jar>.jsa is newer than the jar, the binary <jar>.jsa.jvm names is the one JAVA
# runs (the same file, through any symbolic links), and that JVM's libjvm.so has the record's mtime. Starts no
# process in that case. Where the record's file system keeps coarser times than libjvm.so's (its copied mtime then
# differs), the recorded size and mtime are compared as text instead (cds_fingerprint's processes), so such a file
# system costs those and never a new archive at every start. The orchestrator image's entrypoint uses this alone.
cds_fits() {
  local jsa="${2%.jar}.jsa" line="" recorded lib
  [ -f "$jsa" ] && [ -f "$jsa.jvm" ] && [ "$jsa" -nt "$2" ] || return 1
  read -r line <"$jsa.jvm" || return 1
  recorded=${line% * *}
  [ -n "$recorded" ] && [ "$recorded" != "$line" ] && cds_which "$1" && [ "$cds_bin" -ef "$recorded" ] || return 1
  lib="${recorded%/*}"
  lib="${lib%/*}/lib/server/libjvm.so"
  [ -f "$lib" ] || return 1
  if ! [ "$lib" -nt "$jsa.jvm" ] && ! [ "$lib" -ot "$jsa.jvm" ]; then
    return 0
  fi
  cds_fingerprint "$1" && [ "$line" = "$cds_fp" ]
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
  [ -w "${jar%/*}" ] || return 0
  cds_fingerprint "$java" || return 0
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
