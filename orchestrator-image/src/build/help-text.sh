#!/usr/bin/env bash
# Build step (orchestrator-image, package phase, after the shade): what `wdlbatch --help` prints, written next to the
# jar so that bin/wdlbatch can print it without starting a JVM: wdlbatch.help (plain) and wdlbatch.help.ansi (with
# picocli's ANSI styles, for a terminal). Both are this jar's own output, so they are the same bytes the JVM would
# print (PrerenderedHelp; LauncherHelpTest compares the launcher's output with the jar's under each colour choice).
# A failure leaves neither file and fails nothing: the launcher then runs the JVM.
# Usage: help-text.sh JAVA JAR
set -uo pipefail
java=$1
jar=$2
help="${jar%.jar}.help"
rm -f "$help" "$help.ansi"
if env -u CLICOLOR_FORCE NO_COLOR=1 "$java" -jar "$jar" --help >"$help.tmp" 2>/dev/null \
  && env -u NO_COLOR CLICOLOR_FORCE=1 "$java" -jar "$jar" --help >"$help.ansi.tmp" 2>/dev/null \
  && [ -s "$help.tmp" ] && [ -s "$help.ansi.tmp" ]; then
  mv -f "$help.ansi.tmp" "$help.ansi"
  mv -f "$help.tmp" "$help"
else
  rm -f "$help.tmp" "$help.ansi.tmp"
  echo "help-text: no help text written (bin/wdlbatch --help starts the JVM)" >&2
fi
