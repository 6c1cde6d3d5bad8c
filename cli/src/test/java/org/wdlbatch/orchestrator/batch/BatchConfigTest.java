package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import org.wdlbatch.orchestrator.studio.StudioDetection;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.efs.EfsClient;

/** Bad configuration stops the backend before anything is submitted, naming the key and the fix. */
class BatchConfigTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        EmulatorConfig.AccessPoint studio = new EmulatorConfig.AccessPoint("fsap-0studio00000000001",
                EmulatorConfig.DEFAULT_FILE_SYSTEM, "studio-home");
        studio.uid = 200001;
        studio.rootDirectory = "/200001";
        c.accessPoints.add(studio);
        EmulatorConfig.Queue q = new EmulatorConfig.Queue("studio-tasks", c.queues.get(1).computeEnvironments.get(0), 2);
        q.tags.put(StudioDetection.QUEUE_TAG, EmulatorConfig.DEFAULT_FILE_SYSTEM);
        c.queues.add(q);
    });

    @TempDir
    Path tmp;

    private String problem(Map<String, String> settings, Path runs) {
        var config = BatchRuns.config(AWS.emulator(), settings).build();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> BatchBackendFactory.create(config, runs, BatchRuns.clients(AWS.emulator())).close());
        assertThat(t).isInstanceOf(BatchConfigException.class);
        return t.getMessage();
    }

    private Path runs() {
        return AWS.emulator().efsFolder().resolve("runs");
    }

    @Test
    void missingTaskQueueNamesTheKeyAndTheEnvironmentVariable() {
        assertThat(problem(Map.of("task_queue", ""), runs())).contains("[aws] task_queue is not set")
                .contains("WDLBATCH__AWS__TASK_QUEUE");
    }

    @Test
    void unknownQueueOrAccessPointIsNamed() {
        assertThat(problem(Map.of("task_queue", "no-such-queue"), runs()))
                .contains("[aws] task_queue = no-such-queue: no such AWS Batch job queue");
        assertThat(problem(Map.of("task_queue_fallback", "nope"), runs())).contains("[aws] task_queue_fallback = nope");
        assertThat(problem(Map.of("fsap", "fsap-0000000000000dead"), runs()))
                .contains("[aws] fsap = fsap-0000000000000dead: no such EFS access point");
        assertThat(problem(Map.of("fs", "fs-0000000000000beef"), runs()))
                .contains("[aws] fs = fs-0000000000000beef but access point");
    }

    @Test
    void rootMustBeADirectoryAndHoldTheRunDirectory() {
        assertThat(problem(Map.of("file_io.root", tmp.resolve("not-mounted").toString()), runs()))
                .contains("[file_io] root = " + tmp.resolve("not-mounted") + " is not a directory");
        assertThat(problem(Map.of(), tmp.resolve("elsewhere"))).contains("is not under [file_io] root");
    }

    @Test
    void badValuesAreRefused() {
        assertThat(problem(Map.of("job_timeout", "30"), runs())).contains("[aws] job_timeout = 30");
        assertThat(problem(Map.of("container_properties", "[1]"), runs())).contains("[aws] container_properties");
        assertThat(problem(Map.of("container_properties", "{\"imaje\": \"x\"}"), runs()))
                .contains("[aws] container_properties").contains("imaje");
        assertThat(problem(Map.of("gpu_value", "-1"), runs())).contains("[aws] gpu_value = -1");
        assertThat(problem(Map.of("retry_wait", "-2"), runs())).contains("[aws] retry_wait = -2.0");
        assertThat(problem(Map.of("memory_retry_multiplier", "0.5"), runs()))
                .contains("[aws] memory_retry_multiplier = 0.5").contains("must be 1");
        // without EFS no access point is needed, with EFS one is
        assertThat(problem(Map.of("fsap", ""), runs())).contains("[aws] fsap is not set").contains("efs = false");
    }

    @Test
    void cliExitsTwoAndSubmitsNothing() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("wf.wdl"), "version 1.1\nworkflow w { }\n");
        Path cfg = Files.writeString(tmp.resolve("bad.cfg"), "[file_io]\nroot = " + tmp.resolve("absent") + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = org.wdlbatch.cli.WdlbatchMain.run(new String[] {"run", wdl.toString(), "--backend", "aws-batch",
                "--cfg", cfg.toString(), "--dir", tmp.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("[file_io] root").contains("is not a directory");
    }

    @Test
    void sageMakerStudioFindsItsAccessPointAndTaggedQueue() throws Exception {
        Path metadata = Files.writeString(tmp.resolve("resource-metadata.json"),
                "{\"DomainId\": \"d-abc\", \"UserProfileName\": \"alice\"}");
        StudioDetection.SageMaker sm = new StudioDetection.SageMaker() {
            @Override
            public String homeEfsFileSystemId(String domainId) {
                assertThat(domainId).isEqualTo("d-abc");
                return EmulatorConfig.DEFAULT_FILE_SYSTEM;
            }

            @Override
            public String homeEfsFileSystemUid(String domainId, String user) {
                assertThat(user).isEqualTo("alice");
                return "200001";
            }
        };
        var endpoint = AWS.emulator().endpoint();
        try (EfsClient efs = EfsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("emulator", "emulator"))
                .build();
                BatchClient batch = BatchClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                        .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials
                                .create("emulator", "emulator")).build()) {
            var studio = StudioDetection.detect(metadata, sm, efs, batch).orElseThrow();
            assertThat(studio.fileSystemId()).isEqualTo(EmulatorConfig.DEFAULT_FILE_SYSTEM);
            assertThat(studio.accessPointId()).isEqualTo("fsap-0studio00000000001");
            assertThat(studio.taskQueue()).isEqualTo("studio-tasks");
            assertThat(StudioDetection.detect(Files.writeString(tmp.resolve("other.json"), "{}"), sm, efs, batch))
                    .isEmpty();
        }
    }
}
