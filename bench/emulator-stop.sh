# Sourced by the emulator benchmarks (batch-scatter.sh, scale-100k.sh): stop_emulator, their EXIT trap. The emulator
# JVM ($emu, or the strace running it) gets SIGTERM, 10 s to close, then SIGKILL; the benchmark's folder ($work) and
# the emulator's EFS folder ($efs, every run directory) go with it.
efs=""
stop_emulator() {
  local pids
  pids="$(pgrep -P "$emu" || true) $emu"
  kill $pids 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$emu" 2>/dev/null || break; sleep 0.2; done
  kill -9 $pids 2>/dev/null || true
  rm -rf "$work"
  case "$efs" in */efs) rm -rf "$(dirname "$efs")" ;; esac
}
