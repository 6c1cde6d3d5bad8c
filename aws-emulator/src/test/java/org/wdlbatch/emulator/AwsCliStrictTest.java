package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

/**
 * The strict rules seen from an independent client, the AWS CLI (Python, botocore): each request AWS refuses is
 * refused with AWS's error type. Skipped, saying so, where {@code aws} is not installed ({@code .ci/run} installs
 * it when it can).
 */
class AwsCliStrictTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @TempDir
    Path tmp;

    /** Exit code and output of one CLI call. */
    record Cli(int exit, String out, String err) {}

    @BeforeAll
    static void needsTheCli() {
        boolean present;
        try {
            Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present) {
            System.out.println("AwsCliStrictTest skipped: the AWS CLI ('aws') is not installed "
                    + "(apt-get install awscli; .ci/run tries)");
        }
        Assumptions.assumeTrue(present, "the AWS CLI ('aws') is not installed");
    }

    static Cli aws(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", AWS.emulator().endpoint().toString(),
                "--region", "us-east-1", "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("AWS_"));
        e.put("AWS_ACCESS_KEY_ID", "emulator");
        e.put("AWS_SECRET_ACCESS_KEY", "emulator");
        e.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        e.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        e.put("AWS_PAGER", "");
        e.put("AWS_EC2_METADATA_DISABLED", "true");
        e.put("AWS_MAX_ATTEMPTS", "1");
        e.putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("aws " + String.join(" ", args)).isTrue();
        return new Cli(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static Cli aws(String... args) throws Exception {
        return aws(Map.of(), args);
    }

    static void refused(Cli c, String errorType, String... parts) {
        assertThat(c.exit()).as(c.out() + c.err()).isNotZero();
        assertThat(c.err()).contains("(" + errorType + ")");
        for (String p : parts) {
            assertThat(c.err()).contains(p);
        }
    }

    static Cli register(String json, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("batch", "register-job-definition", "--job-definition-name", "cli",
                "--type", "container", "--container-properties", json));
        args.addAll(List.of(more));
        return aws(args.toArray(new String[0]));
    }

    static final String ROLE = "\"executionRoleArn\":\"arn:aws:iam::123456789012:role/exec\"";
    static final String SIZE_1_2048 = "\"resourceRequirements\":[{\"type\":\"VCPU\",\"value\":\"1\"},"
            + "{\"type\":\"MEMORY\",\"value\":\"2048\"}]";

    @Test
    void batchRefusesWhatAwsRefuses() throws Exception {
        refused(register("{\"image\":\"ubuntu\",\"resourceRequirements\":[{\"type\":\"GPUS\",\"value\":\"1\"}]}"),
                "ClientException", "GPUS");
        refused(register("{\"image\":\"ubuntu\"," + SIZE_1_2048 + "}", "--platform-capabilities", "FARGATE"),
                "ClientException", "Execution role is required for Fargate");
        refused(register("{\"image\":\"ubuntu\"," + ROLE + ",\"resourceRequirements\":[{\"type\":\"VCPU\",\"value\":\"3\"},"
                + "{\"type\":\"MEMORY\",\"value\":\"8192\"}]}", "--platform-capabilities", "FARGATE"),
                "ClientException", "VCPU value '3' is not valid for Fargate");
        refused(register("{\"image\":\"ubuntu\"," + ROLE + ",\"resourceRequirements\":[{\"type\":\"VCPU\",\"value\":\"16\"},"
                + "{\"type\":\"MEMORY\",\"value\":\"4096\"}]}", "--platform-capabilities", "FARGATE"),
                "ClientException", "VCPU 16 with MEMORY 4096");
        refused(register("{\"image\":\"ubuntu\"," + ROLE + ",\"resourceRequirements\":[{\"type\":\"VCPU\",\"value\":\"1\"},"
                + "{\"type\":\"MEMORY\",\"value\":\"2048\"},{\"type\":\"GPU\",\"value\":\"1\"}]}",
                "--platform-capabilities", "FARGATE"), "ClientException", "not supported for jobs that run on Fargate");
        refused(register("{\"image\":\"ubuntu\",\"resourceRequirements\":[{\"type\":\"VCPU\",\"value\":\"0.5\"},"
                + "{\"type\":\"MEMORY\",\"value\":\"512\"}]}"), "ClientException", "VCPU value '0.5'");
        String ap = "\"authorizationConfig\":{\"accessPointId\":\"fsap-0e1a2b3c4d5e6f701\"}";
        String fs = "\"fileSystemId\":\"fs-0e1a2b3c4d5e6f701\"";
        refused(register("{\"image\":\"ubuntu\",\"volumes\":[{\"name\":\"efs\",\"efsVolumeConfiguration\":{" + fs + ","
                + ap + "}}]}"), "ClientException", "Transit encryption must be enabled");
        refused(register("{\"image\":\"ubuntu\",\"volumes\":[{\"name\":\"efs\",\"efsVolumeConfiguration\":{" + fs + ","
                + ap + ",\"transitEncryption\":\"ENABLED\",\"rootDirectory\":\"/wdl\"}}]}"),
                "ClientException", "must be omitted or '/'");
        refused(register("{\"image\":\"ubuntu\"," + ROLE + "," + SIZE_1_2048 + ",\"volumes\":[{\"name\":\"efs\","
                + "\"efsVolumeConfiguration\":{" + fs + ",\"transitEncryption\":\"ENABLED\"}}],"
                + "\"fargatePlatformConfiguration\":{\"platformVersion\":\"1.3.0\"}}", "--platform-capabilities",
                "FARGATE"), "ClientException", "platform version 1.4.0");
        refused(register("{\"image\":\"ubuntu\",\"mountPoints\":[{\"sourceVolume\":\"data\",\"containerPath\":\"/d\"}]}"),
                "ClientException", "sourceVolume 'data'");

        Cli ok = register("{\"image\":\"ubuntu\",\"command\":[\"true\"]}");
        assertThat(ok.exit()).as(ok.err()).isZero();
        String arn = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(ok.out())
                .get("jobDefinitionArn").asText();
        refused(aws("batch", "submit-job", "--job-name", "x", "--job-queue", AwsNames.DEFAULT_WORKFLOW_QUEUE,
                "--job-definition", arn), "ClientException", "can not run Jobs with capability EC2");
        refused(aws("batch", "submit-job", "--job-name", "x", "--job-queue", AwsNames.DEFAULT_TASK_QUEUE,
                "--job-definition", arn, "--container-overrides",
                "{\"resourceRequirements\":[{\"type\":\"VCPU\",\"value\":\"1.5\"}]}"), "ClientException", "VCPU value '1.5'");
    }

    @Test
    void jobsAwsAcceptsButCannotRun() throws Exception {
        Cli def = register("{\"image\":\"ubuntu\",\"command\":[\"true\"],\"resourceRequirements\":["
                + "{\"type\":\"VCPU\",\"value\":\"1\"},{\"type\":\"MEMORY\",\"value\":\"512\"},{\"type\":\"GPU\",\"value\":\"1\"}]}");
        String arn = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(def.out())
                .get("jobDefinitionArn").asText();
        Cli gpu = aws("batch", "submit-job", "--job-name", "gpu", "--job-queue", AwsNames.DEFAULT_TASK_QUEUE,
                "--job-definition", arn);
        assertThat(gpu.exit()).as(gpu.err()).isZero();
        String gpuId = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(gpu.out())
                .get("jobId").asText();
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            tags.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
        }
        Cli plain = register("{\"image\":\"ubuntu\",\"command\":[\"true\"]}");
        String plainArn = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(plain.out())
                .get("jobDefinitionArn").asText();
        Cli tagged = aws("batch", "submit-job", "--job-name", "tags", "--job-queue", AwsNames.DEFAULT_TASK_QUEUE,
                "--job-definition", plainArn, "--propagate-tags", "--tags", tags.toString());
        // 51 tags on the job alone are refused at once; 50 with one on the definition fail the job later
        refused(tagged, "ClientException", "at most 50 tags");
        try (BatchClient batch = Clients.batch(AWS.emulator())) {
            JobDetail d = StrictRulesTest.awaitReason(batch, gpuId);
            assertThat(d.status()).isEqualTo(JobStatus.RUNNABLE);
            assertThat(d.statusReason()).startsWith("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource "
                    + "requirement (GPU)");
            batch.terminateJob(r -> r.jobId(gpuId).reason("done"));
        }
    }

    @Test
    void logsWantEventsInTimeOrder() throws Exception {
        assertThat(aws("logs", "create-log-group", "--log-group-name", "cli").exit()).isZero();
        assertThat(aws("logs", "create-log-stream", "--log-group-name", "cli", "--log-stream-name", "s").exit()).isZero();
        long t = System.currentTimeMillis();
        refused(aws("logs", "put-log-events", "--log-group-name", "cli", "--log-stream-name", "s", "--log-events",
                "timestamp=" + (t + 5) + ",message=later", "timestamp=" + t + ",message=earlier"),
                "InvalidParameterException", "must be in chronological order");
    }

    @Test
    void signaturesAreChecked() throws Exception {
        assertThat(aws("batch", "describe-job-queues").exit()).isZero();
        assertThat(aws(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"), "batch",
                "describe-job-queues").exit()).isZero();
        refused(aws(Map.of("AWS_SECRET_ACCESS_KEY", "wrong"), "batch", "describe-job-queues"),
                "InvalidSignatureException");
        refused(aws(Map.of("AWS_SECRET_ACCESS_KEY", "wrong"), "logs", "describe-log-groups"),
                "InvalidSignatureException");
        refused(aws(Map.of("AWS_SECRET_ACCESS_KEY", "wrong"), "sts", "get-caller-identity"), "SignatureDoesNotMatch");
        refused(aws(Map.of("AWS_SECRET_ACCESS_KEY", "wrong"), "s3api", "list-buckets"), "SignatureDoesNotMatch");
        refused(aws("--no-sign-request", "batch", "describe-job-queues"), "MissingAuthenticationTokenException");
    }

    @Test
    void s3KeepsFormEncodedBodies() throws Exception {
        assertThat(aws("s3api", "create-bucket", "--bucket", "cli-bucket").exit()).isZero();
        Path body = Files.writeString(tmp.resolve("body.txt"), "a=1&b=two");
        Cli put = aws("s3api", "put-object", "--bucket", "cli-bucket", "--key", "form.txt", "--body", body.toString(),
                "--content-type", "application/x-www-form-urlencoded");
        assertThat(put.exit()).as(put.err()).isZero();
        Path back = tmp.resolve("back.txt");
        assertThat(aws("s3api", "get-object", "--bucket", "cli-bucket", "--key", "form.txt", back.toString()).exit())
                .isZero();
        assertThat(Files.readString(back)).isEqualTo("a=1&b=two");
        // and what `curl -d` sends, signed by curl itself (S3 wants x-amz-content-sha256 with SigV4)
        Process curl;
        try {
            curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
                    "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", "emulator:emulator",
                    "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-d", "x=1&y=2",
                    AWS.emulator().endpoint() + "/cli-bucket/curl.txt").redirectErrorStream(true).start();
        } catch (IOException e) {
            return; // no curl: the CLI check above stands
        }
        String code = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        curl.waitFor(60, TimeUnit.SECONDS);
        assertThat(code).isEqualTo("200");
        Path curlBack = tmp.resolve("curl.txt");
        assertThat(aws("s3api", "get-object", "--bucket", "cli-bucket", "--key", "curl.txt", curlBack.toString()).exit())
                .isZero();
        assertThat(Files.readString(curlBack)).isEqualTo("x=1&y=2");
    }
}
