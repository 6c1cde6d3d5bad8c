package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.wdl.values.ValueJson;

/**
 * Every attempt starts clean (issue 12): a task that appends a line to a file in {@code work/} and echoes a message
 * is reclaimed once it has written the line, then runs again; the run outputs exactly one line and
 * {@code stdout.txt} holds the message once, whichever retry ran it again: the engine's retry on the task queue
 * ({@code preemptible}), the move to the fallback queue, or Batch's own retry inside the job
 * ({@code awsBatchRetryAttempts}).
 */
class CleanAttemptsTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.queues.forEach(q -> q.capacity = 16));

    /** Marks each start as {@code <marks>/<job id>.<Batch attempt>}, then waits for {@code <marks>/RELEASE}. */
    static final String APPENDER = """
            version 1.1
            task appender {
              input { String marks  Int preemptible  Int batch_attempts }
              command <<<
                echo line >> lines.txt
                echo message
                touch "~{marks}/$AWS_BATCH_JOB_ID.$AWS_BATCH_JOB_ATTEMPT"
                while [ ! -f "~{marks}/RELEASE" ]; do sleep 0.05; done
              >>>
              runtime { preemptible: preemptible  awsBatchRetryAttempts: batch_attempts }
              output { Array[String] lines = read_lines("lines.txt")  String said = read_string(stdout()) }
            }
            workflow appending {
              input { String marks  Int preemptible  Int batch_attempts }
              call appender { input: marks = marks, preemptible = preemptible, batch_attempts = batch_attempts }
              output { Array[String] lines = appender.lines  String said = appender.said }
            }
            """;

    /** Waits (up to two minutes; fails only when the thing never happens) for {@code count} start marks. */
    static List<String> marks(Path dir, int count) throws Exception {
        for (int i = 0; i < 2400; i++) {
            try (var s = Files.list(dir)) {
                List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("RELEASE"))
                        .sorted().toList();
                if (names.size() >= count) {
                    return names;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited two minutes in vain for " + count + " starts in " + dir);
    }

    /** The job id of a mark {@code <job id>.<attempt>}. */
    static String jobOf(String mark) {
        return mark.substring(0, mark.lastIndexOf('.'));
    }

    private Path reclaimedOnce(String name, int preemptible, int batchAttempts, List<String> starts)
            throws Exception {
        Path marks = Files.createDirectories(AWS.emulator().efsFolder().resolve("marks-" + name));
        CompletableFuture<BatchRuns.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return BatchRuns.run(AWS.emulator(), APPENDER, List.of("marks=" + marks,
                        "preemptible=" + preemptible, "batch_attempts=" + batchAttempts), Map.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newSingleThreadExecutor());
        String first = marks(marks, 1).get(0);
        assertThat(AWS.emulator().faults().reclaimSpot(jobOf(first))).isTrue();
        starts.addAll(marks(marks, 2));
        Files.writeString(marks.resolve("RELEASE"), "go");
        BatchRuns.Result r = run.get(3, TimeUnit.MINUTES);
        assertThat(r.outcome().failure()).as(String.valueOf(r.outcome().failure())).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("appending.lines")).toString())
                .isEqualTo("[\"line\"]");
        assertThat(ValueJson.toJson(r.outcome().outputs().get("appending.said")).asText()).isEqualTo("message");
        Path call = r.outcome().runDir().path().resolve("call-appender");
        assertThat(Files.readString(call.resolve("stdout.txt"))).isEqualTo("message\n");
        assertThat(Files.readString(call.resolve("work/lines.txt"))).isEqualTo("line\n");
        return call;
    }

    @Test
    void aRetryOnTheTaskQueueStartsClean() throws Exception {
        List<String> starts = new java.util.ArrayList<>();
        Path call = reclaimedOnce("retry", 2, 1, starts);
        assertThat(starts).hasSize(2).allMatch(s -> s.endsWith(".1")); // two jobs, each Batch attempt 1
        // the reclaimed attempt's files, kept for debugging
        assertThat(Files.readString(call.resolve("attempt-1/stdout.txt"))).isEqualTo("message\n");
        assertThat(Files.readString(call.resolve("attempt-1/work/lines.txt"))).isEqualTo("line\n");
        assertThat(Files.readString(call.resolve("task.log"))).contains("to queue wdl-tasks")
                .doesNotContain("wdl-tasks-ondemand");
    }

    @Test
    void aMoveToTheFallbackQueueStartsClean() throws Exception {
        List<String> starts = new java.util.ArrayList<>();
        Path call = reclaimedOnce("fallback", 0, 1, starts);
        assertThat(starts).hasSize(2);
        assertThat(Files.readString(call.resolve("attempt-1/stdout.txt"))).isEqualTo("message\n");
        assertThat(Files.readString(call.resolve("attempt-1/work/lines.txt"))).isEqualTo("line\n");
        assertThat(Files.readString(call.resolve("task.log"))).contains("to queue wdl-tasks-ondemand");
    }

    @Test
    void aBatchLevelRetryInsideTheJobStartsClean() throws Exception {
        List<String> starts = new java.util.ArrayList<>();
        Path call = reclaimedOnce("batch", 0, 2, starts);
        // one job, Batch attempts 1 and 2
        assertThat(starts).hasSize(2);
        assertThat(jobOf(starts.get(0))).isEqualTo(jobOf(starts.get(1)));
        assertThat(starts.get(1)).endsWith(".2");
        assertThat(Files.readString(call.resolve("batch-attempt-1/stdout.txt"))).isEqualTo("message\n");
        assertThat(Files.readString(call.resolve("batch-attempt-1/work/lines.txt"))).isEqualTo("line\n");
        assertThat(call.resolve("attempt-1")).doesNotExist();
    }
}
