package org.wdlbatch.orchestrator.batch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.cli.WdlbatchMain;
import org.wdlbatch.emulator.AwsEmulator;
import org.wdlbatch.emulator.http.Throttling;
import org.wdlbatch.emulator.world.EmulatorConfig;
import org.wdlbatch.orchestrator.batch.AwsClients;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobStatus;

/**
 * The stop benchmark (bench/stop-under-throttling.sh; not a test): an emulator throttling Batch at RATE requests a
 * second (AWS: about 50, shared by the account) with AWS's stop timing (SIGTERM, SIGKILL 30 s later), a real
 * {@code wdlbatch run --backend aws-batch} process whose N-call scatter of slow tasks is submitted as single jobs
 * (the queue runs CAPACITY at once, 50 by default, the rest wait RUNNABLE), then SIGTERM to that process, as Batch sends it when the
 * workflow job is terminated. Prints the task jobs still queued or running 10, 30 and 60 s after the SIGTERM, how
 * many task commands started after it, and whether .stopped, error.json and the end-of-log line were written.
 */
public final class StopBenchmark {

    private StopBenchmark() {}


    private static final List<JobStatus> ACTIVE = List.of(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE,
            JobStatus.STARTING, JobStatus.RUNNING);

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 50;
        int capacity = args.length > 2 ? Integer.parseInt(args[2]) : 50; // jobs running at once; the rest RUNNABLE
        EmulatorConfig c = EmulatorConfig.defaults();
        c.dataDir = null;
        c.tickMillis = 100;
        c.killGraceMillis = -1; // AWS's 30 s between SIGTERM and SIGKILL
        c.runner.containerEngine = "none";
        c.queues.forEach(q -> q.capacity = capacity);
        try (AwsEmulator aws = AwsEmulator.start(c)) {
            aws.faults().throttle(Throttling.BATCH, rate);
            System.out.printf("task queue capacity           %d jobs at once%n", capacity);
            run(aws, n, rate);
        }
        System.exit(0);
    }

    private static void run(AwsEmulator aws, int n, double rate) throws Exception {
        Path efs = aws.efsFolder();
        Path started = Files.createDirectories(efs.resolve("started"));
        Path wdl = Files.writeString(efs.resolve("stop-bench.wdl"), """
                version 1.1
                task slow {
                  input { Int i }
                  command <<< touch STARTED/~{i}; sleep 600 >>>
                }
                workflow stopbench {
                  input { Int n }
                  scatter (i in range(n)) { call slow { input: i = i } }
                }
                """.replace("STARTED", started.toString()));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), WdlbatchMain.class.getName(), "run", wdl.toString(),
                "n=" + n, "--dir", efs.resolve("runs").toString(), "--backend", "aws-batch");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(efs.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(aws.clientEnvironment());
        env.put("AWS_BATCH_JOB_ID", "stop-benchmark"); // as inside Batch: the log ends with the end-of-log line
        env.put("WDLBATCH__FILE_IO__ROOT", efs.toString());
        env.put("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks");
        env.put("WDLBATCH__AWS__FSAP", "fsap-0e1a2b3c4d5e6f701");
        env.put("WDLBATCH__AWS__ARRAY_JOBS", "false");
        env.put("WDLBATCH__CALL_CACHE__GET", "false");
        env.put("WDLBATCH__CALL_CACHE__PUT", "false");
        Path err = efs.resolve("orchestrator.err");
        Process p = pb.redirectOutput(efs.resolve("orchestrator.out").toFile()).redirectError(err.toFile()).start();
        try (BatchClient batch = new AwsClients(aws.endpoint(), aws.region()).batch()) {
            // every call submitted (a few requests every 2 s to find out: the account's rate is shared)
            long t0 = System.nanoTime();
            int active = 0;
            while (active < n && p.isAlive() && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(10)) {
                Thread.sleep(2000);
                active = active(batch).total();
            }
            System.out.printf("queued task jobs at the stop   %d of %d (after %.1f s; Batch throttled at %.0f"
                    + " requests/s)%n", active, n, (System.nanoTime() - t0) / 1e9, rate);
            long commandsBefore = count(started);
            FileTime stopTime = FileTime.fromMillis(System.currentTimeMillis());
            long stopNanos = System.nanoTime();
            p.destroy(); // SIGTERM
            boolean exited = false;
            for (int at : new int[] {10, 30, 60}) {
                while (System.nanoTime() - stopNanos < TimeUnit.SECONDS.toNanos(at)) {
                    if (!exited && !p.isAlive()) {
                        exited = true;
                        System.out.printf("orchestrator exited           %.1f s after SIGTERM, status %d%n",
                                (System.nanoTime() - stopNanos) / 1e9, p.exitValue());
                    }
                    Thread.sleep(50);
                }
                Counts k = active(batch);
                System.out.printf("active task jobs at %2d s       %d (RUNNABLE %d, STARTING %d, RUNNING %d, other %d)%n",
                        at, k.total(), k.runnable, k.starting, k.running, k.other);
            }
            if (!exited) {
                System.out.println("orchestrator exited           NO (still running 60 s after SIGTERM)");
            }
            long after;
            try (Stream<Path> s = Files.list(started)) {
                after = s.filter(f -> {
                    try {
                        return Files.getLastModifiedTime(f).compareTo(stopTime) > 0;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }).count();
            }
            System.out.printf("task commands started         %d before the stop, %d after it%n", commandsBefore, after);
            Path runDir = efs.resolve("runs/_LAST").toRealPath();
            List<String> lines = Files.readAllLines(err);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            System.out.printf(".stopped / error.json         %s / %s%n", Files.exists(runDir.resolve(".stopped")),
                    Files.exists(runDir.resolve("error.json")));
            System.out.printf("last log line                 %s (end-of-log line: %s)%n", last,
                    last.startsWith(AwsNames.END_OF_LOG_MARKER));
            lines.stream().filter(l -> l.contains("stopping:") || l.contains("StopSequence") || l.contains("aws-batch:"))
                    .forEach(l -> System.out.println("  log: " + l));
        } finally {
            p.destroyForcibly();
        }
    }

    private static final class Counts {
        int runnable;
        int starting;
        int running;
        int other;

        int total() {
            return runnable + starting + running + other;
        }
    }

    private static Counts active(BatchClient batch) {
        Counts k = new Counts();
        for (JobStatus s : ACTIVE) {
            List<String> ids = new ArrayList<>();
            batch.listJobsPaginator(r -> r.jobQueue("wdl-tasks").jobStatus(s).maxResults(1000)).jobSummaryList()
                    .forEach(j -> ids.add(j.jobId()));
            switch (s) {
                case RUNNABLE -> k.runnable += ids.size();
                case STARTING -> k.starting += ids.size();
                case RUNNING -> k.running += ids.size();
                default -> k.other += ids.size();
            }
        }
        return k;
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
