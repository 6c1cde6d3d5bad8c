package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --follow} of a 200-call scatter through {@code --local}: the workflow job's status and one line per call
 * state change, so what it prints grows with calls × states, not with every log line of every call.
 */
class FollowLinesTest {

    static final int CALLS = 200;

    @TempDir
    Path tmp;

    @Test
    void aScatterOf200CallsPrintsABoundedNumberOfLinesPerCall() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("many.wdl"), """
                version 1.1
                task one {
                  input { Int i }
                  command <<< echo ~{i} >>>
                  output { String said = read_string(stdout()) }
                }
                workflow many {
                  scatter (i in range(%d)) { call one { input: i = i } }
                  output { Array[String] said = one.said }
                }
                """.formatted(CALLS));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SubmitMain.run(new String[] {"--local=" + tmp.resolve("local"), wdl.toString(), "--follow"},
                new SubmitSession.Context(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), null, new JobWatcher.Timing(200, 5000)));
        String stderr = err.toString(StandardCharsets.UTF_8);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "follow-200-calls.txt"), stderr);
        assertThat(code).as(stderr).isZero();
        String[] lines = stderr.split("\n");
        // a call that succeeds at once changes state three times (queued, submitted, done): a line each; the rest
        // is the workflow job's own lines (settings, status lines, the result JSON)
        for (int i = 0; i < CALLS; i++) {
            String call = "call-one-" + i;
            java.util.List<String> perCall = java.util.Arrays.stream(lines)
                    .filter(l -> l.contains(" " + call + " ") || l.contains(" " + call + ":")).toList();
            assertThat(perCall).as("lines naming %s", call).hasSize(3);
            assertThat(perCall.get(0)).endsWith(call + " queued");
            assertThat(perCall.get(1)).contains(call + " submitted (job ");
            assertThat(perCall.get(2)).endsWith(call + " done");
        }
        assertThat(lines.length).as("lines printed for %d calls (see target/follow-200-calls.txt)", CALLS)
                .isLessThanOrEqualTo(CALLS * 3 + 300);
        assertThat(stderr).contains("SUCCEEDED");
    }
}
