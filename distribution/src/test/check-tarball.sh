#!/usr/bin/env bash
# The release tarball works on its own: unpacked in a fresh temporary folder (away from the source tree), each
# launcher answers --version with the version and commit, bin/wdlbatch --help needs no JVM, and bin/wdlbatch runs
# examples/hello.wdl locally.
# Run by `./mvnw verify` (distribution module, verify phase) with the tarball and the version as arguments.
set -euo pipefail
tarball="$1"
version="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check-tarball: FAILED: $*" >&2; exit 1; }

tar -xzf "$tarball" -C "$tmp"
home="$tmp/wdlbatch-$version"
[ -d "$home" ] || fail "the tarball has no top folder wdlbatch-$version"
for f in bin/wdlbatch bin/submit_awsbatch bin/aws-emulator lib/wdlbatch.jar lib/submit_awsbatch.jar \
         lib/aws-emulator/aws-emulator.jar config/default.cfg examples/hello.wdl; do
  [ -e "$home/$f" ] || fail "$f is missing"
done
# shell completion and man pages: each script registers its command in bash, each page renders
for launcher in wdlbatch submit_awsbatch aws-emulator; do
  script="$home/share/bash-completion/completions/$launcher"
  [ -f "$script" ] || fail "share/bash-completion/completions/$launcher is missing"
  bash -c "source '$script' && complete -p $launcher" >/dev/null 2>&1 \
    || fail "sourcing $script does not register a completion for $launcher"
  page="$home/share/man/man1/$launcher.1"
  [ -f "$page" ] || fail "share/man/man1/$launcher.1 is missing"
  if command -v man >/dev/null; then
    MANWIDTH=100 man -l "$page" 2>/dev/null | grep -q SYNOPSIS || fail "man -l $page shows nothing"
  fi
done
for page in wdlbatch-run wdlbatch-check wdlbatch-zip; do
  [ -f "$home/share/man/man1/$page.1" ] || fail "share/man/man1/$page.1 is missing"
done
echo "check-tarball: completion scripts and man pages: $(cd "$home/share" && find . -type f | sort | tr '\n' ' ')"
export WDLBATCH_NO_CDS=1 # a check, not a workload: no class-data archive next to the jars
for launcher in wdlbatch submit_awsbatch aws-emulator; do
  out="$(cd "$tmp" && "$home/bin/$launcher" --version)" || fail "bin/$launcher --version exited $?"
  [[ "$out" =~ ^$launcher\ ${version//./\\.}\ \(commit\ ([0-9a-f]{7,40}|unknown)\)$ ]] \
    || fail "bin/$launcher --version said '$out'"
  echo "check-tarball: $out"
done
# --help from the text the release ships (lib/wdlbatch.help): printed with no JVM to start (JAVA names none)
help="$(cd "$tmp" && JAVA=/nonexistent/java NO_COLOR=1 "$home/bin/wdlbatch" --help)" \
  || fail "bin/wdlbatch --help without a JVM exited $?"
[[ "$help" == "Usage: wdlbatch"* ]] || fail "bin/wdlbatch --help said '$(head -c 200 <<<"$help")'"
echo "check-tarball: bin/wdlbatch --help printed lib/wdlbatch.help without a JVM"
# a local run from the unpacked tree, from another working directory, through a symlink to the launcher
mkdir -p "$tmp/elsewhere/bin"
ln -s "$home/bin/wdlbatch" "$tmp/elsewhere/bin/wdlbatch"
result="$(cd "$tmp/elsewhere" && bin/wdlbatch run "$home/examples/hello.wdl" names=tarball --dir "$tmp/runs")" \
  || fail "bin/wdlbatch run examples/hello.wdl exited $?"
grep -q '"Hello, tarball!"' <<<"$result" || fail "unexpected result: $result"
echo "check-tarball: bin/wdlbatch run examples/hello.wdl: $(tr -d '\n ' <<<"$result" | head -c 200)"
# the whole AWS side on this machine, from the unpacked tree: the emulator comes from lib/aws-emulator/
local_out="$(cd "$tmp" && "$home/bin/submit_awsbatch" --local="$tmp/local" "$home/examples/hello.wdl" names=tarball --follow 2>&1)" \
  || fail "bin/submit_awsbatch --local exited $?: $(tail -5 <<<"$local_out")"
grep -q 'SUCCEEDED' <<<"$local_out" || fail "submit_awsbatch --local did not succeed: $(tail -5 <<<"$local_out")"
echo "check-tarball: bin/submit_awsbatch --local examples/hello.wdl: $(grep SUCCEEDED <<<"$local_out" | tail -1)"

