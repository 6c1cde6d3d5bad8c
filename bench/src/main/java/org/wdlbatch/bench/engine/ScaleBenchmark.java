package org.wdlbatch.bench.engine;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.backend.TaskBackend;
import org.wdlbatch.engine.backend.TaskExit;
import org.wdlbatch.engine.config.Config;

/**
 * The engine's own cost per call at growing scatter sizes (not a test; run by {@code bench/scale-noop.sh}). For
 * each size (default 1,000, 10,000 and 100,000) a scatter of no-op calls runs on a backend that holds every attempt
 * until all of them have started, then ends them all with exit status 0. Prints per size: wall time and engine CPU
 * per call (µs), and the heap after GC while every call is pending divided by the calls (bytes per pending call:
 * what each call in flight keeps, the figure that decides how big a scatter fits a heap). Flat figures from 1,000
 * to 100,000 mean the engine has no per-call cost that grows with the scatter.
 */
public final class ScaleBenchmark {

    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length > 1 ? args[1].split(",") : new String[] {"1000", "10000", "100000"}) {
            sizes.add(Integer.parseInt(a.strip()));
        }
        Path base = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        Path tmp = Files.createTempDirectory(base, "wdlbatch-scale");
        Path wdl = Files.writeString(tmp.resolve("scatter.wdl"), """
                version 1.1
                task noop {
                  input { Int i }
                  command <<< true >>>
                  output { Int n = i }
                }
                workflow scale {
                  input { Int calls }
                  scatter (i in range(calls)) { call noop { input: i = i } }
                  output { Int total = length(noop.n) }
                }
                """);
        Config config = Config.builder().environment(Map.of(
                "WDLBATCH__CALL_CACHE__GET", "false", "WDLBATCH__CALL_CACHE__PUT", "false")).build();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("run directories under %s; max heap %d MB%n", tmp, Runtime.getRuntime().maxMemory() >> 20);
        run(wdl, tmp.resolve("warm"), sizes.get(0), config); // class loading and JIT out of the figures
        for (int n : sizes) {
            long base0 = heapAfterGc();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Result r = run(wdl, tmp.resolve("n" + n), n, config);
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.printf("%,8d calls: wall %6.1f µs/call, engine CPU %6.1f µs/call (%.1f s), heap after GC with"
                    + " all pending %,7d bytes/call (%d MB)%n", n, wall / 1e3 / n, cpu / 1e3 / n, wall / 1e9,
                    (r.pendingHeap - base0) / n, (r.pendingHeap - base0) >> 20);
            deleteTree(tmp.resolve("n" + n));
        }
        deleteTree(tmp);
    }

    private record Result(long pendingHeap) {}

    private static Result run(Path wdl, Path dir, int calls, Config config) throws Exception {
        HoldingBackend backend = new HoldingBackend(calls);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                outcome.set(new Runner().run(new Runner.Request(wdl.toString(), List.of("calls=" + calls), null,
                        null, dir, dir, config, backend, false, List.of())));
            } catch (Exception | Error e) {
                outcome.set(e);
            } finally {
                backend.allStarted.countDown(); // a run that fails early must not leave main waiting
            }
        }, "scale-run");
        runner.start();
        backend.allStarted.await();
        long pending = heapAfterGc();
        if (Boolean.getBoolean("scale.histogram") && calls >= 10_000) {
            printHistogram(calls); // -Dscale.histogram=true: what each pending call keeps, by class
        }
        backend.release();
        runner.join();
        Object o = outcome.get();
        if (!(o instanceof Runner.Outcome out) || !out.succeeded()
                || !out.outputs().get("scale.total").toString().equals(Integer.toString(calls))) {
            throw new IllegalStateException("benchmark run failed: " + (o instanceof Runner.Outcome out2
                    ? out2.failure() : o));
        }
        return new Result(pending);
    }

    /** The heap's biggest classes while every call is pending, with their bytes per call. */
    private static void printHistogram(int calls) throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        String histo = (String) server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        histo.lines().skip(2).limit(30).forEach(l -> {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 4) {
                System.out.printf("    %8.1f objects %8.0f bytes per call  %s%n", Long.parseLong(f[1]) / (double) calls,
                        Long.parseLong(f[2]) / (double) calls, f[3]);
            }
        });
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * Holds every attempt until all {@code calls} have started (so the heap is measured with every call pending,
     * as on a cluster that runs them all at once), then ends them with exit status 0. Like the aws-batch backend
     * it leaves {@code work/} to the task and runs every call at once.
     */
    static final class HoldingBackend implements TaskBackend {
        private final int calls;
        private final AtomicInteger started = new AtomicInteger();
        private final Queue<Consumer<TaskExit>> held = new ConcurrentLinkedQueue<>();
        final CountDownLatch allStarted = new CountDownLatch(1);
        private volatile boolean released;

        HoldingBackend(int calls) {
            this.calls = calls;
        }

        @Override
        public String name() {
            return "holding-noop";
        }

        @Override
        public int defaultConcurrency() {
            return Integer.MAX_VALUE;
        }

        @Override
        public boolean createsWorkDir() {
            return true;
        }

        @Override
        public void start(TaskAttempt attempt, Consumer<TaskExit> onExit) {
            if (released) {
                onExit.accept(TaskExit.exited(0));
                return;
            }
            held.add(onExit);
            if (started.incrementAndGet() == calls) {
                allStarted.countDown();
            }
        }

        void release() {
            released = true;
            Consumer<TaskExit> c;
            while ((c = held.poll()) != null) {
                c.accept(TaskExit.exited(0));
            }
        }

        @Override
        public void terminate(TaskAttempt attempt) {
        }

        @Override
        public void terminateAll() {
        }
    }
}
