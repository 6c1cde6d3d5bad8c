package org.wdlbatch.bench.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.backend.LocalBackend;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.backend.TaskBackend;
import org.wdlbatch.engine.backend.TaskExit;
import org.wdlbatch.engine.config.Config;

/**
 * Engine overhead benchmark (not a test; run by {@code bench/engine-scatter.sh}). Prints:
 * <ol>
 *   <li>a 1,000-call scatter of trivial commands on the local backend: wall time, and the engine's own CPU time
 *       per task (this JVM's CPU time; the bash processes are not counted);</li>
 *   <li>a 10,000-call scatter on a no-op backend (attempts end at once): wall time and peak heap.</li>
 * </ol>
 * Goals: engine overhead under 5 ms per task; the 10,000-call scatter within 512 MB of heap (run with -Xmx512m).
 */
public final class EngineBenchmark {

    private EngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int localCalls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int noopCalls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path tmp = Files.createTempDirectory("wdlbatch-bench");
        // the scatter bench/run-rss.sh runs too: a task running echo, called once per element of range(calls)
        Path wdl;
        try (var in = EngineBenchmark.class.getResourceAsStream("scatter-trivial.wdl")) {
            wdl = Files.write(tmp.resolve("scatter.wdl"), in.readAllBytes());
        }
        Config config = Config.builder().environment(Map.of(
                "WDLBATCH__CALL_CACHE__GET", "false", "WDLBATCH__CALL_CACHE__PUT", "false",
                "WDLBATCH__SCHEDULER__CALL_CONCURRENCY", Integer.toString(
                        Math.max(4, 2 * Runtime.getRuntime().availableProcessors())))).build();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        // warm-up so the figures are not about class loading and JIT: one run of the same size as those measured
        run(wdl, tmp.resolve("warm"), localCalls, config, new LocalBackend());

        // three measured runs, their median printed: on a shared 2-core VM single runs vary by a third
        double[] cpuPerTask = new double[3];
        for (int round = 0; round < cpuPerTask.length; round++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Runner.Outcome local = run(wdl, tmp.resolve("local-" + round), localCalls, config, new LocalBackend());
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            check(local, localCalls);
            cpuPerTask[round] = cpu / 1e6 / localCalls;
            System.out.printf("local backend, %d-call scatter of trivial commands, run %d: wall %.2f s "
                    + "(%.1f calls/s), engine CPU %.2f ms per task%n", localCalls, round + 1, wall / 1e9,
                    localCalls / (wall / 1e9), cpuPerTask[round]);
        }
        java.util.Arrays.sort(cpuPerTask);
        System.out.printf("local backend: engine CPU per task, median of 3 runs: %.2f ms (this JVM's CPU time: the "
                + "engine, the JIT, GC and the JDK's process launching; not the bash processes)%n", cpuPerTask[1]);

        resetPeaks();
        long t1 = System.nanoTime();
        Runner.Outcome noop = run(wdl, tmp.resolve("noop"), noopCalls, config, new NoopBackend());
        long wall2 = System.nanoTime() - t1;
        check(noop, noopCalls);
        System.gc();
        System.out.printf("no-op backend, %d-call scatter: wall %.2f s (%.2f ms per task), peak heap %d MB "
                + "(max heap %d MB)%n", noopCalls, wall2 / 1e9, wall2 / 1e6 / noopCalls, peakHeapMb(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("goals: engine overhead under 5 ms per task; 10,000-call scatter within 512 MB of heap");
        deleteTree(tmp);
    }

    private static Runner.Outcome run(Path wdl, Path dir, int calls, Config config, TaskBackend backend)
            throws Exception {
        return new Runner().run(new Runner.Request(wdl.toString(), List.of("calls=" + calls), null, null, dir,
                dir, config, backend, false, List.of()));
    }

    private static void check(Runner.Outcome o, int calls) {
        if (!o.succeeded() || !o.outputs().get("scatter_bench.total").toString().equals(Integer.toString(calls))) {
            throw new IllegalStateException("benchmark run failed: " + o.failure());
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Ends every attempt at once with exit status 0: what is left is the engine's own work. */
    static final class NoopBackend implements TaskBackend {
        @Override
        public String name() {
            return "noop";
        }

        @Override
        public void start(TaskAttempt attempt, Consumer<TaskExit> onExit) {
            onExit.accept(TaskExit.exited(0));
        }

        @Override
        public void terminate(TaskAttempt attempt) {
        }

        @Override
        public void terminateAll() {
        }
    }
}
