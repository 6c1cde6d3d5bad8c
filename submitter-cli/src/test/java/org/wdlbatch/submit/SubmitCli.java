package org.wdlbatch.submit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.emulator.AwsEmulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;

/** Runs submit_awsbatch in this JVM against an emulator, capturing exit status, stdout and stderr. */
final class SubmitCli {

    record Result(int exit, String out, String err) {
        String jobId() {
            return out.trim();
        }
    }

    private final AwsEmulator aws;
    private final Map<String, String> env = new LinkedHashMap<>();
    private JobWatcher.Timing timing = new JobWatcher.Timing(50, 2000);

    SubmitCli(AwsEmulator aws) {
        this.aws = aws;
    }

    /**
     * The usual set-up of a test: runs under the emulator's EFS folder (as the workflow job sees the file system)
     * on the default workflow queue.
     */
    static SubmitCli onEmulatorEfs(AwsEmulator aws) {
        return new SubmitCli(aws).env("WDLBATCH__FILE_IO__ROOT", aws.efsFolder().toString())
                .env("WDLBATCH__AWS__WORKFLOW_QUEUE", org.wdlbatch.aws.AwsNames.DEFAULT_WORKFLOW_QUEUE);
    }

    SubmitCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** How --wait / --follow poll (tests under throttling poll slowly, as a user's terminal shares the rate). */
    SubmitCli timing(JobWatcher.Timing t) {
        timing = t;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = SubmitMain.run(args, new SubmitSession.Context(Map.copyOf(env), o, e,
                () -> AwsClients.at(aws.endpoint(), aws.region()), timing));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static BatchClient batch(AwsEmulator aws) {
        return batchBuilder(aws).build();
    }

    static software.amazon.awssdk.services.batch.BatchClientBuilder batchBuilder(AwsEmulator aws) {
        return BatchClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    /** Creates a bucket in the emulator's S3. */
    static void createBucket(AwsEmulator aws, String bucket) {
        try (software.amazon.awssdk.services.s3.S3Client s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(aws.endpoint()).region(Region.of(aws.region())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** Every job on a queue, whatever its status. */
    static List<JobSummary> jobs(BatchClient batch, String queue) {
        List<JobSummary> all = new ArrayList<>();
        for (JobStatus s : List.of(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE, JobStatus.STARTING,
                JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED)) {
            all.addAll(batch.listJobs(b -> b.jobQueue(queue).jobStatus(s)).jobSummaryList());
        }
        return all;
    }
}
