package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.S3Client;

/** State under --data survives a restart; config files and command-line flags are checked with clear errors. */
class PersistenceAndConfigTest {

    @TempDir
    Path dir;

    static EmulatorConfig fast(Path data) {
        EmulatorConfig c = EmulatorConfig.defaults();
        c.dataDir = data.toString();
        c.tickMillis = 20;
        c.runner.containerEngine = "none";
        return c;
    }

    @Test
    void stateSurvivesARestartInTheDataFolder() throws Exception {
        Path data = dir.resolve("data");
        String jobId;
        String stream;
        try (AwsEmulator aws = AwsEmulator.start(fast(data)); BatchClient batch = Clients.batch(aws);
                S3Client s3 = Clients.s3(aws.endpoint(), aws.region())) {
            assertThat(aws.efsFolder()).isEqualTo(data.resolve("efs"));
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("kept").type(JobDefinitionType.CONTAINER)
                    .containerProperties(c -> c.image("ubuntu").command("echo", "kept output"))).jobDefinitionArn();
            jobId = batch.submitJob(r -> r.jobName("kept").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def))
                    .jobId();
            JobDetail d;
            long deadline = System.nanoTime() + 30_000_000_000L;
            do {
                Thread.sleep(20);
                d = batch.describeJobs(r -> r.jobs(jobId)).jobs().get(0);
            } while (d.status() != JobStatus.SUCCEEDED && System.nanoTime() < deadline);
            assertThat(d.status()).isEqualTo(JobStatus.SUCCEEDED);
            stream = d.container().logStreamName();
            s3.createBucket(r -> r.bucket("kept-bucket"));
            s3.putObject(r -> r.bucket("kept-bucket").key("k.txt"), RequestBody.fromString("kept object"));
        }
        assertThat(data.resolve("s3").resolve("kept-bucket")).isDirectory();
        assertThat(data.resolve("state").resolve("batch.json")).isRegularFile();
        try (AwsEmulator aws = AwsEmulator.start(fast(data)); BatchClient batch = Clients.batch(aws);
                CloudWatchLogsClient logs = Clients.logs(aws); S3Client s3 = Clients.s3(aws.endpoint(), aws.region())) {
            JobDetail d = batch.describeJobs(r -> r.jobs(jobId)).jobs().get(0);
            assertThat(d.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(batch.describeJobDefinitions(r -> r.jobDefinitionName("kept")).jobDefinitions()).hasSize(1);
            assertThat(logs.getLogEvents(r -> r.logGroupName(AwsNames.BATCH_LOG_GROUP).logStreamName(stream)
                    .startFromHead(true)).events()).extracting(OutputLogEvent::message).containsExactly("kept output");
            assertThat(s3.getObjectAsBytes(r -> r.bucket("kept-bucket").key("k.txt")).asUtf8String())
                    .isEqualTo("kept object");
            // new revisions continue the numbering
            assertThat(batch.registerJobDefinition(r -> r.jobDefinitionName("kept").type(JobDefinitionType.CONTAINER)
                    .containerProperties(c -> c.image("ubuntu").command("true"))).revision()).isEqualTo(2);
        }
    }

    @Test
    void closingTheEmulatorLeavesNoJobProcessesBehind() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        long grandchild;
        try (AwsEmulator aws = AwsEmulator.start(fast(dir.resolve("orphans"))); BatchClient batch = Clients.batch(aws)) {
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("orphan").type(JobDefinitionType.CONTAINER)
                    .containerProperties(c -> c.image("ubuntu").command("bash", "-c",
                            "sleep 300 & echo $! > " + pidFile + "; wait"))).jobDefinitionArn();
            batch.submitJob(r -> r.jobName("orphan").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((!Files.exists(pidFile) || Files.size(pidFile) == 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            grandchild = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).contains(true);
        }
        ProcessHandle.of(grandchild).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void configFileOverridesTheDefaultWorldAndNamesBadKeys() throws IOException {
        Path file = dir.resolve("emu.json");
        Files.writeString(file, "{\"tickMillis\": 5, \"queues\": [{\"name\": \"only\", \"computeEnvironments\": "
                + "[\"" + AwsNames.DEFAULT_TASK_QUEUE + "-spot\"], \"capacity\": 2}], \"faults\": {\"missingImages\": [\"x\"]}}");
        EmulatorConfig c = EmulatorConfig.read(file);
        assertThat(c.tickMillis).isEqualTo(5);
        assertThat(c.queues).extracting(q -> q.name).containsExactly("only");
        assertThat(c.computeEnvironments).hasSize(3); // not in the file: default kept
        assertThat(c.faults.missingImages).containsExactly("x");

        Files.writeString(file, "{\"queues\": [{\"name\": \"q\", \"capacty\": 2}]}");
        assertThatThrownBy(() -> EmulatorConfig.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("capacty");
        Files.writeString(file, "{\"queues\": [{\"name\": \"q\", \"computeEnvironments\": [\"nope\"]}]}");
        assertThatThrownBy(() -> EmulatorConfig.read(file)).hasMessageContaining("queue 'q'")
                .hasMessageContaining("'nope'");
    }

    @Test
    void launcherRejectsUnknownFlagsWithUsage() throws Exception {
        Result r = runMain("--prot", "1");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.stderr).contains("unknown argument '--prot'").contains("usage: aws-emulator");
        Result bad = runMain("--port", "abc");
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.stderr).contains("--port needs a number");
    }

    @Test
    void launcherPrintsItsEndpointAndServes() throws Exception {
        List<String> cmd = javaCommand("--port", "0", "--data", dir.resolve("cli").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = reader.readLine();
            for (int i = 0; i < 50 && first != null && !first.startsWith("aws-emulator listening on"); i++) {
                first = reader.readLine(); // a warning from the logging set-up may come first
            }
            assertThat(first).startsWith("aws-emulator listening on http://127.0.0.1:");
            String endpoint = first.substring("aws-emulator listening on ".length());
            String token = null;
            for (String l = reader.readLine(); l != null && token == null; l = reader.readLine()) {
                if (l.contains("control API token: ")) {
                    token = l.substring(l.indexOf("control API token: ") + 19).split(" ")[0];
                }
            }
            assertThat(token).isNotBlank();
            var refused = (java.net.HttpURLConnection) new java.net.URL(endpoint + "/_emulator/health").openConnection();
            assertThat(refused.getResponseCode()).isEqualTo(403);
            var conn = (java.net.HttpURLConnection) new java.net.URL(endpoint + "/_emulator/health").openConnection();
            conn.setRequestProperty("X-Emulator-Token", token);
            assertThat(new String(conn.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains(dir.resolve("cli").resolve("efs").toString());
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    record Result(int exit, String stderr) {}

    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.wdlbatch.emulator.cli.AwsEmulatorMain"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Result runMain(String... args) throws Exception {
        Process p = new ProcessBuilder(javaCommand(args)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), err);
    }
}
