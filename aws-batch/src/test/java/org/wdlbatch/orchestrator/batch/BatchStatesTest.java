package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.progress.BackendStates;

/**
 * The status line's Batch states come from the poller's answers, for single jobs (their DescribeJobs status) and
 * array children (the parent's status summary): a scatter of five waiting tasks and one single task go through
 * not-yet-submitted and SUBMITTED without being counted as running, and once all six run they reserve 6 vCPUs and
 * 6 GiB.
 */
class BatchStatesTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @Test
    void jobsAreCountedByTheStateBatchGivesThem() throws Exception {
        Path gate = AWS.emulator().efsFolder().resolve("gate");
        String wdl = """
                version 1.1
                task wait {
                  input { String gate  Int i }
                  command <<< while [ ! -e ~{gate} ]; do sleep 0.1; done >>>
                  runtime { cpu: 1  memory: "1 GiB" }
                }
                workflow states {
                  input { String gate }
                  scatter (i in range(5)) { call wait { input: gate = gate, i = i } }
                  call wait as single { input: gate = gate, i = 99 }
                }
                """;
        Path runs = Files.createDirectories(AWS.emulator().efsFolder().resolve("runs"));
        Path file = Files.createTempFile(AWS.emulator().efsFolder(), "wf", ".wdl");
        Files.writeString(file, wdl);
        Config config = BatchRuns.config(AWS.emulator(), Map.of()).build();
        AwsBatchBackend backend = BatchBackendFactory.create(config, runs, BatchRuns.clients(AWS.emulator()));
        CompletableFuture<Runner.Outcome> run = CompletableFuture.supplyAsync(() -> {
            try {
                return new Runner().run(new Runner.Request(file.toString(), List.of("gate=" + gate), null, null,
                        runs, AWS.emulator().efsFolder(), config, backend, false, List.of()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        BackendStates seen = null;
        java.util.Set<BackendStates> history = new java.util.LinkedHashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline && !run.isDone()) {
            BackendStates s = backend.states().orElseThrow();
            history.add(s);
            if (s.running() == 6) {
                seen = s;
                break;
            }
            Thread.sleep(50);
        }
        Files.createFile(gate);
        Runner.Outcome outcome = run.get(120, TimeUnit.SECONDS);
        assertThat(outcome.failure()).isNull();
        assertThat(seen).as("six jobs RUNNING at some point: %s", history).isNotNull();
        assertThat(seen.reservedVcpus()).isEqualTo(6.0);
        assertThat(seen.reservedMemoryMiB()).isEqualTo(6 * 1024L);
        assertThat(seen.active()).isEqualTo(6);
        // jobs Batch holds in SUBMITTED/PENDING/RUNNABLE/STARTING are not counted as running (which of those states
        // a 50 ms sample catches depends on the emulator's scheduler tick, so any of them will do)
        assertThat(history).as("submitted jobs are not running")
                .anyMatch(s -> s.submitted() + s.pending() + s.runnable() + s.starting() > 0 && s.running() == 0);
        BackendStates after = backend.states().orElseThrow();
        assertThat(after.active()).isZero();
    }
}
