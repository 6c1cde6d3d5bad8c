package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;

/**
 * Every attempt starts clean, end to end through submit_awsbatch (issue 12): a task that appends a line to a file
 * in {@code work/} and echoes a message is reclaimed on spot once it has written the line, then runs again: on the
 * task queue ({@code preemptible: 2}), on the fallback queue ({@code preemptible: 0}), or as Batch's own retry
 * inside the job ({@code awsBatchRetryAttempts: 2}). Each run outputs exactly one line and its {@code stdout.txt}
 * holds the message once. Needs orchestrator-image/target/wdlbatch.jar (see {@link EndToEndTest}).
 */
class ReclaimEndToEndTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static final Path WDL = Path.of("src/test/resources/e2e/appender.wdl").toAbsolutePath();

    private record Case(String name, int preemptible, int batchAttempts) {}

    private static SubmitCli cli() {
        return SubmitCli.onEmulatorEfs(AWS.emulator());
    }

    /** The start marks in {@code dir} once there are {@code count} (waits up to three minutes, then fails). */
    private static List<String> marks(Path dir, int count, Future<SubmitCli.Result> run) throws Exception {
        for (int i = 0; i < 3600; i++) {
            try (Stream<Path> s = Files.list(dir)) {
                List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("RELEASE"))
                        .sorted().toList();
                if (names.size() >= count) {
                    return names;
                }
            }
            if (run.isDone()) {
                throw new AssertionError("the submission ended before " + count + " starts: " + run.get().err());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited three minutes in vain for " + count + " starts in " + dir);
    }

    @Test
    void aReclaimedTaskOutputsOneLineWhicheverRetryRanItAgain() throws Exception {
        List<Case> cases = List.of(new Case("task_queue", 2, 1), new Case("fallback", 0, 1),
                new Case("batch_retry", 0, 2));
        ExecutorService pool = Executors.newFixedThreadPool(cases.size());
        try {
            List<Future<SubmitCli.Result>> runs = new ArrayList<>();
            List<Path> markDirs = new ArrayList<>();
            for (Case c : cases) {
                Path marks = Files.createDirectories(AWS.emulator().efsFolder().resolve("marks_" + c.name()));
                markDirs.add(marks);
                String dir = AWS.emulator().efsFolder().resolve("reclaim_" + c.name()).toString();
                runs.add(pool.submit(() -> cli().run(WDL.toString(), "marks=" + marks, "preemptible=" + c.preemptible(),
                        "batch_attempts=" + c.batchAttempts(), "--dir", dir, "--wait")));
            }
            List<List<String>> starts = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                String first = marks(markDirs.get(i), 1, runs.get(i)).get(0);
                String job = first.substring(0, first.lastIndexOf('.'));
                assertThat(AWS.emulator().faults().reclaimSpot(job)).as(cases.get(i) + " " + job).isTrue();
            }
            for (int i = 0; i < cases.size(); i++) {
                starts.add(marks(markDirs.get(i), 2, runs.get(i)));
                Files.writeString(markDirs.get(i).resolve("RELEASE"), "go");
            }
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                SubmitCli.Result r = runs.get(i).get(5, TimeUnit.MINUTES);
                assertThat(r.exit()).as(c + "\n" + r.err()).isZero();
                Path run;
                try (Stream<Path> s = Files.list(AWS.emulator().efsFolder().resolve("reclaim_" + c.name()))) {
                    run = s.filter(p -> p.getFileName().toString().matches("\\d{8}_\\d{6}_.*")).findFirst()
                            .orElseThrow();
                }
                JsonNode outputs = new ObjectMapper().readTree(run.resolve("outputs.json").toFile());
                assertThat(outputs.get("appending.lines").toString()).as(c.toString()).isEqualTo("[\"line\"]");
                assertThat(outputs.get("appending.said").asText()).as(c.toString()).isEqualTo("message");
                Path call = run.resolve("call-appender");
                assertThat(Files.readString(call.resolve("stdout.txt"))).as(c.toString()).isEqualTo("message\n");
                // the reclaimed attempt is kept for debugging: by the engine, or by the wrapper inside the job
                Path kept = c.batchAttempts() > 1 ? call.resolve("batch-attempt-1") : call.resolve("attempt-1");
                assertThat(Files.readString(kept.resolve("stdout.txt"))).as(c.toString()).isEqualTo("message\n");
                assertThat(Files.readString(kept.resolve("work/lines.txt"))).as(c.toString()).isEqualTo("line\n");
                String log = Files.readString(call.resolve("task.log"));
                switch (c.name()) {
                    case "task_queue" -> assertThat(log).contains("1 of 2 preemptible retries")
                            .doesNotContain("to queue " + AwsNames.DEFAULT_TASK_QUEUE_FALLBACK);
                    case "fallback" -> assertThat(log).contains("moving to the fallback queue")
                            .contains("to queue " + AwsNames.DEFAULT_TASK_QUEUE_FALLBACK);
                    default -> {
                        // one job, its second Batch attempt
                        List<String> s = starts.get(i);
                        assertThat(s.get(0).substring(0, s.get(0).lastIndexOf('.')))
                                .isEqualTo(s.get(1).substring(0, s.get(1).lastIndexOf('.')));
                        assertThat(call.resolve("attempt-1")).doesNotExist();
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
