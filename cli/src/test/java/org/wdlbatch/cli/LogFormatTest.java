package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.json.JsonText;

/** One time format in every log of a run, and --log-json as JSON lines. Runs the CLI as a process (logback is global). */
class LogFormatTest {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    private static Path workflow(Path tmp) throws Exception {
        return Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                task t { input { Int i } command <<< echo ~{i} >>> output { Int o = read_int(stdout()) } }
                workflow wf { scatter (i in [1, 2]) { call t { input: i } } output { Array[Int] o = t.o } }
                """);
    }

    /** stderr without the status line ({@code [00:00:01] wf: ...}), which is no log event. */
    private static List<String> logLines(String stderr) {
        return stderr.lines().filter(l -> !l.isBlank() && !l.startsWith("[")).toList();
    }

    @Test
    void logJsonWritesOneJsonObjectPerLineWithTheCallAsAField(@TempDir Path tmp) throws Exception {
        workflow(tmp);
        CliProcessTest.Result r = CliProcessTest.exec(tmp, "run", "wf.wdl", "--log-json", "--verbose", "--no-cache");
        assertThat(r.code()).as(r.err()).isZero();
        Path runDir = Path.of(JsonText.read(r.out()).get("dir").asText());
        List<String> lines = Files.readAllLines(runDir.resolve("workflow.log"));
        assertThat(lines).hasSizeGreaterThan(4);
        for (String line : lines) {
            JsonNode event = JsonText.read(line);
            assertThat(event.get("time").asText()).as(line).matches(TIME);
            assertThat(event.get("level").asText()).isIn("INFO", "WARN", "ERROR");
            assertThat(event.get("message").asText()).isNotEmpty();
        }
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : lines) {
            events.add(JsonText.read(line));
        }
        assertThat(events)
                .anyMatch(e -> e.path("call").asText().equals("call-t-1")
                        && e.get("message").asText().startsWith("call-t-1: "));
        // the console (stderr) carries the same events as JSON lines too (the status line aside)
        for (String line : logLines(r.err())) {
            assertThat(JsonText.read(line).get("time").asText()).as(line).matches(TIME);
        }
    }

    @Test
    void textLogsShareOneTimeFormat(@TempDir Path tmp) throws Exception {
        workflow(tmp);
        CliProcessTest.Result r = CliProcessTest.exec(tmp, "run", "wf.wdl", "--verbose", "--no-cache");
        assertThat(r.code()).as(r.err()).isZero();
        Path runDir = Path.of(JsonText.read(r.out()).get("dir").asText());
        assertThat(Files.readAllLines(runDir.resolve("workflow.log"))).allMatch(l -> l.matches(TIME + " .*"));
        assertThat(Files.readAllLines(runDir.resolve("call-t-0/task.log"))).allMatch(l -> l.matches(TIME + " .*"));
        assertThat(logLines(r.err())).isNotEmpty().allMatch(l -> l.matches(TIME + " .*"));
    }
}
