package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.taskruntime.WrapperScript;
import org.wdlbatch.wdl.values.ValueJson;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * {@code [aws]} settings end to end against the emulator, tasks running as real bash processes: {@code retry_wait},
 * {@code container_sync}, {@code efs = false}, and GPUs ({@code gpu}, {@code acceleratorType},
 * {@code acceleratorCount}, {@code gpu_value}).
 */
class AwsBatchOptionsTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.queues.forEach(q -> q.capacity = 16);
        BatchRuns.addGpuQueue(c);
    });

    private static final Pattern SUBMITTED = Pattern.compile("submitted as AWS Batch job ([0-9a-f-]+) to queue");

    private static BatchClient batch() {
        return BatchClient.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(() -> AwsBasicCredentials.create("emulator", "emulator")).build();
    }

    /** The ids of the single jobs a call was submitted as, in order, from its task.log. */
    private static List<String> jobIds(Path call) throws Exception {
        Matcher m = SUBMITTED.matcher(Files.readString(call.resolve("task.log")));
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static JobDetail job(BatchClient b, String id) {
        return b.describeJobs(q -> q.jobs(id)).jobs().get(0);
    }

    private static JsonNode definitionOf(BatchClient b, JobDetail job) {
        JobDefinition def = b.describeJobDefinitions(q -> q.jobDefinitions(job.jobDefinition())).jobDefinitions()
                .get(0);
        return SdkJson.toJson(def.containerProperties());
    }

    @Test
    void retryWaitHoldsTheRetryBackAtLeastThatLong() throws Exception {
        Path counter = AWS.emulator().efsFolder().resolve("retry-wait-counter");
        String wdl = """
                version 1.1
                task flaky {
                  command <<<
                    n=$(cat COUNTER 2>/dev/null || echo 0); echo $((n + 1)) > COUNTER
                    echo "try $n"
                    [ "$n" -ge 1 ]
                  >>>
                  runtime { maxRetries: 1 }
                  output { String said = read_string(stdout()) }
                }
                workflow waited { call flaky  output { String said = flaky.said } }
                """.replace("COUNTER", counter.toString());
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of("retry_wait", "1"));
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("waited.said")).asText()).isEqualTo("try 1");
        Path call = r.outcome().runDir().path().resolve("call-flaky");
        List<String> ids = jobIds(call);
        assertThat(ids).hasSize(2);
        assertThat(Files.readString(call.resolve("task.log")))
                .contains("waiting 1.0 s ([aws] retry_wait) before submitting attempt 2");
        try (BatchClient b = batch()) {
            JobDetail first = job(b, ids.get(0));
            JobDetail retry = job(b, ids.get(1));
            assertThat(first.statusAsString()).isEqualTo("FAILED");
            assertThat(retry.statusAsString()).isEqualTo("SUCCEEDED");
            // the retry was created by Batch at least retry_wait after the failed attempt had stopped
            assertThat(retry.createdAt() - first.stoppedAt()).isGreaterThanOrEqualTo(1000L);
        }
    }

    @Test
    void aRetryWaitingOutRetryWaitIsNeverSubmittedOnceTheRunStops() throws Exception {
        Path marker = AWS.emulator().efsFolder().resolve("retry-wait-stop-marker");
        String wdl = """
                version 1.1
                task flaky {
                  command <<< touch MARKER; exit 1 >>>
                  runtime { maxRetries: 1 }
                }
                task broken {
                  command <<< while [ ! -f MARKER ]; do sleep 0.05; done; sleep 0.5; exit 2 >>>
                }
                workflow stopped { call flaky  call broken }
                """.replace("MARKER", marker.toString());
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of("retry_wait", "600"));
        assertThat(r.outcome().failure()).isNotNull();
        assertThat(r.outcome().failure().call()).contains("broken");
        Path flaky = r.outcome().runDir().path().resolve("call-flaky");
        assertThat(Files.readString(flaky.resolve("task.log")))
                .contains("waiting 600.0 s ([aws] retry_wait) before submitting attempt 2");
        // the retry was dropped with the run (the run returned without sitting out the wait): one job for the call
        assertThat(jobIds(flaky)).hasSize(1);
    }

    @Test
    void containerSyncSyncsTheOutputFilesBeforeTheJobEnds() throws Exception {
        // a `sync` ahead on the container's PATH (set through [aws] container_properties) records what it is asked to
        // flush, then runs the real one
        Path bin = Files.createDirectories(AWS.emulator().efsFolder().resolve("sync-bin"));
        Path synced = AWS.emulator().efsFolder().resolve("synced.txt");
        Path sync = Files.writeString(bin.resolve("sync"), "#!/bin/bash\nprintf '%s\\n' \"$@\" >> " + synced
                + "\nPATH=\"${PATH#" + bin + ":}\" exec sync \"$@\"\n");
        Files.setPosixFilePermissions(sync, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        String wdl = """
                version 1.1
                task write {
                  command <<< mkdir -p out && echo "result" > out/result.txt && echo done >>>
                  output { File result = "out/result.txt"  String said = read_string(stdout()) }
                }
                workflow synced { call write  output { File result = write.result  String said = write.said } }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of("container_sync", "true",
                "container_properties", "{\"environment\": [{\"name\": \"PATH\", \"value\": \"" + path + "\"}]}"));
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("synced.said")).asText()).isEqualTo("done");
        Path result = Path.of(ValueJson.toJson(r.outcome().outputs().get("synced.result")).asText());
        assertThat(Files.readString(result)).isEqualTo("result\n");
        // the wrapper flushed the file the command wrote, and stdout/stderr, before writing rc
        assertThat(Files.readAllLines(synced)).contains("./out/result.txt", "../stdout.txt", "../stderr.txt");
        Path call = r.outcome().runDir().path().resolve("call-write");
        assertThat(Files.readString(call.resolve("rc"))).isEqualTo("0");
        try (BatchClient b = batch()) {
            JsonNode props = definitionOf(b, job(b, jobIds(call).get(0)));
            List<String> command = new ArrayList<>();
            props.get("command").forEach(c -> command.add(c.asText()));
            assertThat(command).isEqualTo(WrapperScript.command(true)).isNotEqualTo(WrapperScript.command(false));
            assertThat(command.get(2)).contains("sync");
        }
    }

    @Test
    void withoutEfsJobsMountTheHostFolderAtTheRoot() throws Exception {
        String wdl = """
                version 1.1
                task hello {
                  input { String who }
                  command <<< echo "hello ~{who}" > greeting.txt; cat greeting.txt >>>
                  output { String said = read_string(stdout())  File greeting = "greeting.txt" }
                }
                workflow noefs { call hello { input: who = "host" }  output { String said = hello.said } }
                """;
        // no access point at all: the instances mount the shared file system at [file_io] root themselves
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of("efs", "false", "fsap", ""));
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("noefs.said")).asText()).isEqualTo("hello host");
        Path call = r.outcome().runDir().path().resolve("call-hello");
        try (BatchClient b = batch()) {
            JsonNode props = definitionOf(b, job(b, jobIds(call).get(0)));
            String root = AWS.emulator().efsFolder().toString();
            assertThat(props.get("volumes")).hasSize(1);
            JsonNode volume = props.at("/volumes/0");
            assertThat(volume.has("efsVolumeConfiguration")).isFalse();
            assertThat(volume.at("/host/sourcePath").asText()).isEqualTo(root);
            assertThat(props.at("/mountPoints/0/sourceVolume").asText()).isEqualTo(volume.get("name").asText());
            assertThat(props.at("/mountPoints/0/containerPath").asText()).isEqualTo(root);
            assertThat(props.at("/mountPoints/0/readOnly").asBoolean()).isFalse();
        }
    }

    @Test
    void gpusFollowGpuAcceleratorTypeAcceleratorCountAndGpuValue() throws Exception {
        String wdl = """
                version 1.2
                task gpuDefault {
                  command <<< echo default >>>
                  requirements { gpu: true }
                  output { String said = read_string(stdout()) }
                }
                task nvidiaHinted {
                  command <<< echo hinted >>>
                  hints { acceleratorType: "nvidia-tesla-t4"  acceleratorCount: 2 }
                  output { String said = read_string(stdout()) }
                }
                task nvidiaRuntime {
                  command <<< echo runtime >>>
                  runtime { acceleratorType: "NVIDIA-A10G" }
                  output { String said = read_string(stdout()) }
                }
                task notAGpu {
                  command <<< echo tpu >>>
                  runtime { acceleratorType: "tpu-v3"  acceleratorCount: 8 }
                  output { String said = read_string(stdout()) }
                }
                task countOnly {
                  command <<< echo count >>>
                  runtime { acceleratorCount: 4 }
                  output { String said = read_string(stdout()) }
                }
                task hintedCount {
                  command <<< echo hint >>>
                  requirements { gpu: true }
                  hints { gpu: 2 }
                  output { String said = read_string(stdout()) }
                }
                task cromwellCount {
                  command <<< echo cromwell >>>
                  runtime { gpu: true  gpuCount: 4 }
                  output { String said = read_string(stdout()) }
                }
                task hintAlone {
                  command <<< echo alone >>>
                  hints { gpu: 2 }
                  output { String said = read_string(stdout()) }
                }
                workflow gpus {
                  call hintedCount
                  call cromwellCount
                  call hintAlone
                  call gpuDefault
                  call nvidiaHinted
                  call nvidiaRuntime
                  call notAGpu
                  call countOnly
                  output { Array[String] said = [gpuDefault.said, nvidiaHinted.said, nvidiaRuntime.said,
                                                 notAGpu.said, countOnly.said] }
                }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of("gpu_value", "3",
                "gpu_task_queue", BatchRuns.GPU_QUEUE));
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("gpus.said")).toString())
                .isEqualTo("[\"default\",\"hinted\",\"runtime\",\"tpu\",\"count\"]");
        Path run = r.outcome().runDir().path();
        try (BatchClient b = batch()) {
            assertThat(gpuOf(b, run.resolve("call-gpuDefault"))).isEqualTo("3"); // [aws] gpu_value
            assertThat(gpuOf(b, run.resolve("call-hintedCount"))).isEqualTo("2"); // 1.2 hint under the requirement
            assertThat(gpuOf(b, run.resolve("call-cromwellCount"))).isEqualTo("4"); // Cromwell's gpuCount
            assertThat(gpuOf(b, run.resolve("call-hintAlone"))).isNull(); // a hint alone only refines
            assertThat(gpuOf(b, run.resolve("call-nvidiaHinted"))).isEqualTo("2"); // acceleratorCount wins
            assertThat(gpuOf(b, run.resolve("call-nvidiaRuntime"))).isEqualTo("3");
            assertThat(gpuOf(b, run.resolve("call-notAGpu"))).isNull();
            assertThat(gpuOf(b, run.resolve("call-countOnly"))).isNull(); // a count alone asks for no GPU
        }
        assertThat(Files.readString(run.resolve("call-notAGpu").resolve("task.log")))
                .contains("runtime acceleratorType \"tpu-v3\" ignored");
    }

    @Test
    void aBadAcceleratorCountFailsTheCallNamingTheKey() throws Exception {
        String wdl = """
                version 1.1
                task t {
                  command <<< echo never >>>
                  runtime { gpu: true  acceleratorCount: "many" }
                }
                workflow badgpu { call t }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of());
        assertThat(r.outcome().failure()).isNotNull();
        assertThat(r.backend().metrics().calls("SubmitJob")).isZero();
        assertThat(r.outcome().failure().message()).contains("runtime acceleratorCount must be a whole number of GPUs");
    }

    /** The GPU resource requirement the emulator recorded for a call's job, or null without one. */
    private static String gpuOf(BatchClient b, Path call) throws Exception {
        JobDetail job = job(b, jobIds(call).get(0));
        return job.container().resourceRequirements().stream().filter(q -> "GPU".equals(q.typeAsString()))
                .map(q -> q.value()).findFirst().orElse(null);
    }
}
