package org.wdlbatch.orchestrator.batch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.wdlbatch.emulator.AwsEmulator;
import org.wdlbatch.emulator.world.EmulatorConfig;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.orchestrator.batch.AwsBatchBackend;
import org.wdlbatch.orchestrator.batch.AwsClients;
import org.wdlbatch.orchestrator.batch.BatchBackendFactory;
import org.wdlbatch.orchestrator.batch.BatchMetrics;

/**
 * The aws-batch benchmark (bench/batch-scatter.sh), two processes:
 * <ul>
 * <li>{@code emulator DATA_DIR [RUN_MILLIS CAPACITY]}: an emulator throttling as AWS does (about 50 Batch requests
 * a second shared by all calls), jobs as host processes (or, with RUN_MILLIS, the emulator's benchmark mode: each
 * job runs that long with no process, CAPACITY at once: bench/scale-100k.sh); prints
 * {@code endpoint <url> efs <folder>} and runs until killed.</li>
 * <li>{@code run ENDPOINT EFS N array|single}: the orchestrator (its own JVM, so its heap is measured alone) runs
 * an N-call scatter of no-op tasks with the aws-batch backend and prints the figures.</li>
 * </ul>
 */
public final class BatchScatterBenchmark {

    private BatchScatterBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("emulator")) {
            emulator(Path.of(args[1]), args.length >= 4 ? Long.parseLong(args[2]) : 0,
                    args.length >= 4 ? Integer.parseInt(args[3]) : 200);
        } else if (args.length >= 5 && args[0].equals("run")) {
            run(URI.create(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), args[4].equals("array"));
        } else {
            System.err.println("usage: BatchScatterBenchmark emulator DATA_DIR | run ENDPOINT EFS N array|single");
            System.exit(2);
        }
    }

    private static void emulator(Path data, long noProcessRunMillis, int capacity) throws Exception {
        EmulatorConfig c = EmulatorConfig.defaults();
        c.dataDir = null;
        c.tickMillis = 100;
        c.killGraceMillis = 500;
        c.runner.containerEngine = "none";
        c.faults.throttlingPreset = "aws";
        c.queues.forEach(q -> q.capacity = capacity);
        c.runner.noProcessRunMillis = noProcessRunMillis;
        AwsEmulator aws = AwsEmulator.start(c);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                aws.close();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        System.out.println("endpoint " + aws.endpoint() + " efs " + aws.efsFolder());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** CPU seconds (user, system) per thread name (digits dropped) from /proc/self/task: where the time went. */
    private static String cpuByThread() {
        java.util.Map<String, double[]> by = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("\\d+", "N");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double[] a = by.computeIfAbsent(name, k -> new double[2]);
                    a[0] += Long.parseLong(f[11]) / 100.0;
                    a[1] += Long.parseLong(f[12]) / 100.0;
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return "(no /proc: " + e + ")";
        }
        StringBuilder sb = new StringBuilder();
        by.entrySet().stream().filter(e -> e.getValue()[0] + e.getValue()[1] >= 0.1)
                .sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
                .forEach(e -> sb.append(String.format("%s %.1f+%.1f; ", e.getKey(), e.getValue()[0], e.getValue()[1])));
        return sb.toString();
    }

    private static void run(URI endpoint, Path efs, int n, boolean arrays) throws Exception {
        Path runs = Files.createDirectories(efs.resolve(arrays ? "bench-array" : "bench-single"));
        // BENCH_FILE_INPUT=1: each task also takes a File input (what a scatter over samples looks like)
        boolean fileInput = System.getenv("BENCH_FILE_INPUT") != null;
        Path input = Files.writeString(efs.resolve("bench-input.txt"), "data\n");
        Path wdl = Files.writeString(efs.resolve("bench-scatter.wdl"), """
                version 1.1
                task noop {
                  input { Int i  File? f }
                  command <<< true >>>
                }
                workflow bench {
                  input { Int n  File? f }
                  scatter (i in range(n)) { call noop { input: i = i, f = f } }
                }
                """);
        Config config = Config.builder()
                .set("file_io", "root", efs.toString(), "bench")
                .set("aws", "task_queue", "wdl-tasks", "bench")
                .set("aws", "fsap", "fsap-0e1a2b3c4d5e6f701", "bench")
                .set("aws", "array_jobs", Boolean.toString(arrays), "bench")
                .set("call_cache", "get", "false", "bench")
                .set("call_cache", "put", "false", "bench")
                .environment(System.getenv()) // WDLBATCH__SECTION__KEY to try other settings
                .build();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (true) {
                long used = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getUsage().getUsed()).sum();
                peakHeap.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        AwsBatchBackend backend = BatchBackendFactory.create(config, runs, new AwsClients(endpoint, "us-east-1"));
        BatchMetrics m = backend.metrics();
        // task-seconds of submitted, not yet ended tasks: the polling rate is per 1,000 of those a second
        double[] taskSeconds = new double[1];
        long[] peakActive = new long[1];
        Thread activeWatch = new Thread(() -> {
            long last = System.nanoTime();
            while (true) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long active = Math.max(0, m.tasksSubmitted() - m.attemptsEnded());
                synchronized (taskSeconds) {
                    taskSeconds[0] += active * (now - last) / 1e9;
                    peakActive[0] = Math.max(peakActive[0], active);
                }
                last = now;
            }
        });
        activeWatch.setDaemon(true);
        activeWatch.start();
        long wall0 = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Thread submitWatch = new Thread(() -> { // the figure as soon as it is known, before the jobs run
            while (m.tasksSubmitted() < n) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            System.out.printf("submitted %d tasks after %.1f s (orchestrator CPU so far %.1f s)%n", n,
                    (m.lastSubmitNanos() - t0) / 1e9, os.getProcessCpuTime() / 1e9);
            System.out.println("orchestrator CPU by thread so far (user+system s): " + cpuByThread());
            // the heap that stays while every call is pending (submitted, not ended): what a bigger scatter costs
            System.gc();
            long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long pending = Math.max(1, m.tasksSubmitted() - m.attemptsEnded());
            System.out.printf("heap after GC, all submitted  %d MB with %d calls pending (%.0f bytes per pending"
                    + " call, run-level state included)%n", retained >> 20, pending, retained / (double) pending);
            // when the last task was submitted, wall clock: bench/batch-scatter.sh splits the file-system work
            // traced with strace -ttt into before and after submission with it
            System.out.printf("SUBMITTED_AT %.6f%n", wall0 / 1e3 + (m.lastSubmitNanos() - t0) / 1e9);
        });
        submitWatch.setDaemon(true);
        submitWatch.start();
        Runner.Outcome o = new Runner().run(new Runner.Request(wdl.toString(), fileInput ? List.of("n=" + n, "f=" + input) : List.of("n=" + n), null, null, runs,
                efs, config, backend, false, List.of()));
        long t1 = System.nanoTime();
        sampler.interrupt();
        activeWatch.interrupt();
        activeWatch.join();
        long poolPeaks = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(u -> u.getUsed()).sum();
        Path runDir = o.runDir().path();
        long entries;
        try (Stream<Path> walk = Files.walk(runDir)) {
            entries = walk.count() - 1;
        }
        double submitSeconds = (m.lastSubmitNanos() - t0) / 1e9;
        System.out.printf("mode                         %s (%d no-op calls)%n", arrays ? "array jobs" : "single jobs", n);
        System.out.printf("outcome                      %s%n", o.succeeded() ? "succeeded" : "FAILED: " + o.failure());
        System.out.printf("run directory                %s%n", runDir);
        System.out.printf("Batch API calls              %d  %s%n", m.totalCalls(), m.byAction());
        System.out.printf("SubmitJob calls              %d (%d jobs for %d tasks; %.4f per task)%n",
                m.calls("SubmitJob"), m.jobsSubmitted(), m.tasksSubmitted(), m.calls("SubmitJob") / (double) n);
        System.out.printf("DescribeJobs calls           %d%n", m.calls("DescribeJobs"));
        System.out.printf("ListJobs calls               %d%n", m.calls("ListJobs"));
        System.out.printf("throttled requests           %d%n", m.throttledRequests());
        long polls = m.calls("DescribeJobs") + m.calls("ListJobs");
        double runSeconds = (t1 - t0) / 1e9;
        System.out.printf("polling                      %d DescribeJobs+ListJobs calls in %.0f s, %.0f tasks active on"
                + " average (peak %d): %.3f calls/s per 1,000 active tasks (goal < 1)%n", polls, runSeconds,
                taskSeconds[0] / runSeconds, peakActive[0], polls / (taskSeconds[0] / 1000));
        System.out.printf("all submitted after          %.1f s from the start of the run (first SubmitJob at %.1f s;"
                + " %.1f s from first to last)%n", submitSeconds, (m.firstSubmitNanos() - t0) / 1e9,
                (m.lastSubmitNanos() - m.firstSubmitNanos()) / 1e9);
        System.out.printf("whole run                    %.1f s%n", (t1 - t0) / 1e9);
        System.out.printf("peak heap (sampled / pools)  %d MB / %d MB (max %d MB)%n", peakHeap.get() >> 20,
                poolPeaks >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("entries in run directory     %d (%.2f per task)%n", entries, entries / (double) n);
        System.out.println("RUNDIR " + runDir);
        System.exit(o.succeeded() ? 0 : 1);
    }
}
