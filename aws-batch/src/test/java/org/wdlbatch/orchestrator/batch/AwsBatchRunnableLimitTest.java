package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.wdl.json.JsonText;

/**
 * A task job no compute environment can fit stays RUNNABLE with AWS Batch's reason (the emulator's task compute
 * environments have 2 vCPUs at most here): the reason goes to task.log, and after [aws] runnable_timeout the job is
 * terminated and the call fails with it, instead of the run waiting for ever.
 */
class AwsBatchRunnableLimitTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.computeEnvironments.stream()
            .filter(ce -> !ce.type.startsWith("FARGATE")).forEach(ce -> ce.maxvCpus = 2));

    @Test
    void aTaskStuckRunnableFailsTheCallWithTheReasonAfterTheLimit() throws Exception {
        String wdl = """
                version 1.1
                task big {
                  command <<< echo never >>>
                  runtime { cpu: 4 }
                }
                workflow stuck { call big }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of("runnable_timeout", "1"));
        assertThat(r.outcome().failure()).isNotNull();
        assertThat(r.outcome().failure().message()).contains("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
                "[aws] runnable_timeout = 1");
        Path call = r.outcome().runDir().path().resolve("call-big");
        assertThat(Files.readString(call.resolve("task.log"))).contains("is RUNNABLE and cannot start:"
                + " MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT", "terminating it");
        JsonNode error = JsonText.read(r.outcome().runDir().errorJson());
        assertThat(error.get("statusReason").asText()).contains("RUNNABLE for", "MISCONFIGURATION");
    }

    @Test
    void aTaskThatFitsIsNotTouched() throws Exception {
        String wdl = """
                version 1.1
                task small {
                  command <<< echo fits >>>
                  runtime { cpu: 2 }
                  output { String said = read_string(stdout()) }
                }
                workflow fine { call small  output { String said = small.said } }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of("runnable_timeout", "1"));
        assertThat(r.outcome().failure()).isNull();
        assertThat(Files.readString(r.outcome().runDir().path().resolve("call-small/task.log")))
                .doesNotContain("RUNNABLE");
    }
}
