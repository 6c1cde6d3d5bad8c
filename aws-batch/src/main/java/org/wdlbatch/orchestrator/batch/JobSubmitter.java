package org.wdlbatch.orchestrator.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.backend.TaskExit;
import org.wdlbatch.taskruntime.ArrayManifest;
import org.wdlbatch.taskruntime.PayloadBudget;
import org.wdlbatch.taskruntime.WrapperScript;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ContainerOverrides;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * The run's one submitter of task jobs (not {@code submit_awsbatch}, which submits the workflow job): a few worker
 * threads (so AWS's request latency does not cap the rate) that send SubmitJob requests within the shared
 * {@link ApiBudget}; throttled requests are retried by {@link BatchCalls}, so every task is submitted exactly once. Array jobs get their manifest written just before submission.
 */
final class JobSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(JobSubmitter.class);
    static final int MAX_ARRAY = 10_000;

    private final AwsBatchBackend backend;
    private final BatchClient batch;
    private final BatchCalls calls;
    private final JobDefinitions jobDefs;
    private final BatchMetrics metrics;
    private final ThreadPoolExecutor workers;
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicLong manifests = new AtomicLong();

    JobSubmitter(AwsBatchBackend backend, BatchClient batch, BatchCalls calls, JobDefinitions jobDefs,
            BatchMetrics metrics, int threads) {
        this.backend = backend;
        this.batch = batch;
        this.calls = calls;
        this.jobDefs = jobDefs;
        this.metrics = metrics;
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "batch-submit");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Submissions waiting or in flight; the poller holds back while there are any. */
    int backlog() {
        return backlog.get();
    }

    void single(TaskJob job) {
        enqueue(() -> submitSingle(job));
    }

    void array(List<TaskJob> jobs) {
        for (int from = 0; from < jobs.size(); from += MAX_ARRAY) {
            List<TaskJob> chunk = List.copyOf(jobs.subList(from, Math.min(jobs.size(), from + MAX_ARRAY)));
            enqueue(() -> submitArray(chunk));
        }
    }

    private void enqueue(Runnable r) {
        backlog.incrementAndGet();
        workers.execute(() -> {
            try {
                r.run();
            } finally {
                backlog.decrementAndGet();
            }
        });
    }

    private void submitSingle(TaskJob job) {
        if (job.terminateRequested) {
            backend.end(job, TaskExit.terminated());
            return;
        }
        try {
            SubmitJobRequest req = request(job, job.shape, List.of(KeyValuePair.builder()
                    .name(WrapperScript.TASK_DIR_VAR).value(job.attempt.taskDir().toString()).build()), null);
            String id = calls.call("SubmitJob", () -> batch.submitJob(req)).jobId();
            metrics.submitted(1);
            job.jobId = id;
            job.attempt.note().accept("submitted as AWS Batch job " + id + " to queue " + job.shape.queue());
            backend.submitted(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            backend.end(job, TaskExit.terminated());
        } catch (AwsServiceException | IllegalArgumentException | BatchConfigException e) {
            backend.end(job, TaskExit.failedToRun("SubmitJob failed: " + message(e)));
        } catch (RuntimeException e) {
            LOG.error("cannot submit {}", job.attempt.id(), e);
            backend.end(job, TaskExit.failedToRun("SubmitJob failed: " + e));
        }
    }

    private void submitArray(List<TaskJob> chunk) {
        List<TaskJob> live = new ArrayList<>();
        for (TaskJob j : chunk) {
            if (j.terminateRequested) {
                backend.end(j, TaskExit.terminated());
            } else {
                live.add(j);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        if (live.size() == 1) {
            submitSingle(live.get(0));
            return;
        }
        TaskJob first = live.get(0);
        try {
            Path manifest = first.attempt.taskDir().getParent().resolve(first.shape.callBase() + ".array-"
                    + manifests.incrementAndGet() + ".manifest");
            ArrayManifest.write(manifest, live.stream().map(j -> j.attempt.taskDir()).toList());
            SubmitJobRequest req = request(first, first.shape, List.of(KeyValuePair.builder()
                    .name(WrapperScript.MANIFEST_VAR).value(manifest.toString()).build()), live.size());
            String id = calls.call("SubmitJob", () -> batch.submitJob(req)).jobId();
            metrics.submitted(live.size());
            ArrayJob array = new ArrayJob(id, live);
            array.manifest = manifest;
            for (int i = 0; i < live.size(); i++) {
                TaskJob j = live.get(i);
                j.array = array;
                j.index = i;
                j.jobId = id + ":" + i;
                j.attempt.note().accept("submitted as child " + i + " of AWS Batch array job " + id + " (job id "
                        + j.jobId + ", " + live.size() + " children) to queue " + j.shape.queue());
            }
            backend.submitted(array);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            live.forEach(j -> backend.end(j, TaskExit.terminated()));
        } catch (IOException e) {
            live.forEach(j -> backend.end(j, TaskExit.failedToRun("cannot write the array manifest: " + e)));
        } catch (AwsServiceException | IllegalArgumentException | BatchConfigException e) {
            live.forEach(j -> backend.end(j, TaskExit.failedToRun("SubmitJob (array) failed: " + message(e))));
        } catch (RuntimeException e) {
            LOG.error("cannot submit array job of {}", first.attempt.id(), e);
            live.forEach(j -> backend.end(j, TaskExit.failedToRun("SubmitJob (array) failed: " + e)));
        }
    }

    private SubmitJobRequest request(TaskJob job, JobShape shape, List<KeyValuePair> env, Integer arraySize)
            throws InterruptedException {
        String defArn = jobDefs.arn(shape.containerProperties(), shape.digest());
        List<KeyValuePair> environment = new ArrayList<>(env);
        if (shape.taskEnv()) {
            environment.add(KeyValuePair.builder().name(WrapperScript.ENV_VAR).value("1").build());
        }
        environment.add(KeyValuePair.builder().name(WrapperScript.STOP_FILE_VAR)
                .value(backend.stopFile(job.attempt).toString()).build());
        List<ResourceRequirement> resources = new ArrayList<>();
        resources.add(ResourceRequirement.builder().type(ResourceType.VCPU).value(shape.vcpus()).build());
        resources.add(ResourceRequirement.builder().type(ResourceType.MEMORY)
                .value(Integer.toString(shape.memoryMiB())).build());
        if (shape.gpus() > 0) {
            resources.add(ResourceRequirement.builder().type(ResourceType.GPU)
                    .value(Integer.toString(shape.gpus())).build());
        }
        ContainerOverrides overrides = ContainerOverrides.builder().environment(environment)
                .resourceRequirements(resources).build();
        PayloadBudget.check(SdkJson.toJson(overrides).toString(), job.attempt.id());
        BatchSettings s = backend.settings();
        SubmitJobRequest.Builder b = SubmitJobRequest.builder()
                .jobName(jobName(shape.callBase(), arraySize == null ? job.attempt.number() : 0))
                .jobQueue(shape.queue())
                .jobDefinition(defArn)
                .containerOverrides(overrides)
                .tags(shape.tags())
                .propagateTags(true);
        if (arraySize != null) {
            b.arrayProperties(p -> p.size(arraySize));
        }
        if (shape.retryAttempts() != null && shape.retryAttempts() > 1) {
            b.retryStrategy(r -> r.attempts(shape.retryAttempts()).evaluateOnExit(shape.evaluateOnExit() == null
                    ? List.of() : conditions(shape.evaluateOnExit())));
        }
        if (s.jobTimeoutSeconds() > 0) {
            b.timeout(t -> t.attemptDurationSeconds(s.jobTimeoutSeconds()));
        }
        if (s.shareIdentifier() != null) {
            b.shareIdentifier(s.shareIdentifier());
        }
        if (s.schedulingPriority() != null) {
            b.schedulingPriorityOverride(s.schedulingPriority());
        }
        return b.build();
    }

    private static List<software.amazon.awssdk.services.batch.model.EvaluateOnExit> conditions(
            com.fasterxml.jackson.databind.node.ArrayNode json) {
        List<software.amazon.awssdk.services.batch.model.EvaluateOnExit> out = new ArrayList<>();
        json.forEach(c -> out.add(SdkJson.fromJson(c,
                software.amazon.awssdk.services.batch.model.EvaluateOnExit.serializableBuilderClass(),
                "awsBatchEvaluateOnExit")));
        return out;
    }

    private static final java.util.regex.Pattern NOT_IN_JOB_NAME = java.util.regex.Pattern.compile("[^A-Za-z0-9_-]");

    /** {@code [A-Za-z0-9][A-Za-z0-9_-]{0,127}}: the call's name, and the attempt number after the first. */
    static String jobName(String callBase, int attempt) {
        String s = NOT_IN_JOB_NAME.matcher(callBase).replaceAll("_");
        if (s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0))) {
            s = "w" + s;
        }
        if (attempt > 1) {
            s = s + "-attempt" + attempt;
        }
        return s.length() > 128 ? s.substring(0, 128) : s;
    }

    private static String message(Exception e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    void shutdown() {
        workers.shutdownNow();
    }

    /**
     * The run stopped: queued submissions are dropped (the backend ends their tasks as terminated) and those in
     * flight are interrupted; one whose SubmitJob still answers reports its job, which the backend terminates.
     */
    void stop() {
        workers.shutdownNow();
    }

    /** After {@link #stop}: true once no SubmitJob request is in flight any more. */
    boolean stopped() {
        return workers.isTerminated();
    }

    /** For the benchmark: manifests written so far. */
    long manifestsWritten() {
        return manifests.get();
    }

}
