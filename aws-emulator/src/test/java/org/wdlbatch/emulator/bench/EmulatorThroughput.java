package org.wdlbatch.emulator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.wdlbatch.emulator.AwsEmulator;
import org.wdlbatch.emulator.Clients;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

/**
 * Prints the emulator's throughput on loopback, measured with the real SDK client:
 * 1. API calls/s: threads alternating SubmitJob and DescribeJobs (of their last {@code describe} jobs, default 10)
 *    against a disabled queue, so no process starts and only the API is measured;
 * 2. jobs started/s: a batch of {@code true} jobs on a queue with room for many at once, from submit to RUNNING.
 * Arguments: [seconds=10] [threads=16] [jobs=400] [describe=10].
 */
public final class EmulatorThroughput {

    private EmulatorThroughput() {}

    private static int describeBatch = 10;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        describeBatch = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        EmulatorConfig config = EmulatorConfig.defaults();
        config.tickMillis = 50;
        config.runner.containerEngine = "none";
        String ce = config.computeEnvironments.get(0).name;
        EmulatorConfig.Queue parked = new EmulatorConfig.Queue("bench-parked", ce, 1);
        parked.state = "DISABLED";
        config.queues.add(parked);
        config.queues.add(new EmulatorConfig.Queue("bench-run", ce, 64));
        try (AwsEmulator aws = AwsEmulator.start(config); BatchClient batch = Clients.batch(aws)) {
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("bench").type(JobDefinitionType.CONTAINER)
                    .containerProperties(c -> c.image("ubuntu").command("true"))).jobDefinitionArn();
            // warm up the client and the server's code paths
            runMixed(batch, def, threads, 5);
            Result api = runMixed(batch, def, threads, seconds);
            System.out.printf("API calls/s (SubmitJob + DescribeJobs of %d ids, 1:1, %d threads, %d s): %.0f  (%d calls, %d errors)%n",
                    describeBatch, threads, seconds, api.calls / api.seconds, api.calls, api.errors);
            jobsStarted(batch, def, jobs);
        }
    }

    record Result(long calls, long errors, double seconds) {}

    static Result runMixed(BatchClient batch, String def, int threads, int seconds) throws Exception {
        AtomicLong calls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                List<String> recent = new ArrayList<>();
                int n = 0;
                while (System.nanoTime() < end) {
                    try {
                        String id = batch.submitJob(r -> r.jobName("bench").jobQueue("bench-parked").jobDefinition(def))
                                .jobId();
                        recent.add(id);
                        if (recent.size() > describeBatch) {
                            recent.remove(0);
                        }
                        calls.incrementAndGet();
                        List<JobDetail> d = batch.describeJobs(r -> r.jobs(recent)).jobs();
                        if (d.size() != recent.size()) {
                            errors.incrementAndGet();
                        }
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    n++;
                }
                return n;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(calls.get(), errors.get(), elapsed);
    }

    static void jobsStarted(BatchClient batch, String def, int jobs) throws Exception {
        List<String> ids = new ArrayList<>();
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < jobs; i++) {
            ids.add(batch.submitJob(r -> r.jobName("run").jobQueue("bench-run").jobDefinition(def)).jobId());
        }
        long lastStart = 0;
        long firstStart = Long.MAX_VALUE;
        int done = 0;
        while (done < jobs) {
            Thread.sleep(200);
            done = 0;
            for (int i = 0; i < ids.size(); i += 100) {
                List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 100));
                for (JobDetail d : batch.describeJobs(r -> r.jobs(chunk)).jobs()) {
                    if (d.status() == JobStatus.SUCCEEDED || d.status() == JobStatus.FAILED) {
                        done++;
                        lastStart = Math.max(lastStart, d.startedAt());
                        firstStart = Math.min(firstStart, d.startedAt());
                    }
                }
            }
        }
        double span = Math.max(1, lastStart - t0) / 1000.0;
        System.out.printf("jobs started/s: %.0f  (%d jobs of `true`, queue capacity 64, submit to last start %.1f s)%n",
                jobs / span, jobs, span);
    }
}
