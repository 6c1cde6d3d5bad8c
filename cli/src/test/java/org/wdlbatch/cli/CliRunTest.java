package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.json.JsonText;

/** {@code wdlbatch run} as a user calls it: exit codes, stdout JSON, and errors that name the culprit. */
class CliRunTest {

    @TempDir
    Path tmp;

    private Path wdl;
    private Path marker;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeWorkflow() throws Exception {
        marker = tmp.resolve("task-ran");
        wdl = Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                task t {
                  input { File reads  Int threads }
                  command <<< touch MARKER; wc -l < ~{reads} >>>
                  output { Int n = read_int(stdout()) }
                }
                workflow wf {
                  input { File reads  Int threads = 1  Array[String] tags = [] }
                  call t { input: reads = reads, threads = threads }
                  output { Int n = t.n  Array[String] tags_out = tags }
                }
                """.replace("MARKER", marker.toString()));
        Files.writeString(tmp.resolve("reads.txt"), "a\nb\n");
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", wdl.toString(), "--dir", tmp.resolve("runs").toString()));
        all.addAll(List.of(args));
        return WdlbatchMain.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void successPrintsDirAndOutputsAsJson() throws Exception {
        int code = run("reads=" + tmp.resolve("reads.txt"), "tags=x", "tags=y");
        assertThat(code).as(err.toString()).isZero();
        JsonNode result = JsonText.read(out.toString());
        assertThat(result.get("outputs").toString()).isEqualTo("{\"wf.n\":2,\"wf.tags_out\":[\"x\",\"y\"]}");
        Path dir = Path.of(result.get("dir").asText());
        assertThat(dir.getParent()).isEqualTo(tmp.resolve("runs"));
        assertThat(tmp.resolve("runs/_LAST").toRealPath()).isEqualTo(dir.toRealPath());
        assertThat(JsonText.read(dir.resolve("inputs.json")).get("wf.tags").toString())
                .isEqualTo("[\"x\",\"y\"]");
        assertThat(Files.readString(dir.resolve("workflow.log"))).contains("call-t: attempt 1 succeeded");
    }

    @Test
    void inputsJsonWithPrefixedAndBareKeys() throws Exception {
        Path inputs = Files.writeString(tmp.resolve("in.json"),
                "{\"wf.reads\": \"" + tmp.resolve("reads.txt") + "\", \"threads\": 4}");
        assertThat(run("-i", inputs.toString())).as(err.toString()).isZero();
    }

    private void assertRejectedBeforeRunning(int code, String message) {
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(marker).doesNotExist();
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void missingRequiredInput() {
        assertRejectedBeforeRunning(run("threads=2"),
                "wdlbatch: missing required input: wf.reads (File); give it as key=value or in an inputs JSON file");
    }

    @Test
    void unknownInputKeyNamesTheNearestValidNames() {
        assertRejectedBeforeRunning(run("reads=reads.txt", "thread=2"),
                "unknown input 'thread' (from the command line); did you mean 'threads'?");
    }

    @Test
    void valueOfTheWrongTypeSaysExpectedAndActual() {
        assertRejectedBeforeRunning(run("reads=" + tmp.resolve("reads.txt"), "threads=many"),
                "input wf.threads: expected Int, got \"many\"");
    }

    @Test
    void inputFileThatDoesNotExist() {
        assertRejectedBeforeRunning(run("reads=nope.txt"), "input wf.reads: file nope.txt does not exist");
    }

    @Test
    void malformedInputsJsonNamesFileAndLine() throws Exception {
        Path inputs = Files.writeString(tmp.resolve("bad.json"), "{\n  \"wf.reads\": \"x\",\n  threads: 1\n}\n");
        assertRejectedBeforeRunning(run("-i", inputs.toString()), inputs + ":3:3: malformed inputs JSON");
    }

    @Test
    void errorJsonOnStdoutWhenAsked() throws Exception {
        assertThat(run("threads=2", "--error-json")).isEqualTo(2);
        JsonNode r = JsonText.read(out.toString());
        assertThat(r.get("error").get("message").asText()).contains("missing required input: wf.reads");
    }

    @Test
    void failedRunExitsOneAndPointsAtStderr() throws Exception {
        Path broken = Files.writeString(tmp.resolve("broken.wdl"), """
                version 1.1
                task boom { command <<< echo "disk full" >&2; exit 3 >>> }
                workflow b { call boom }
                """);
        int code = WdlbatchMain.run(new String[] {"run", broken.toString(), "--dir", tmp.resolve("r").toString(),
                "--error-json"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("call-boom failed: task boom exited with status 3").contains("disk full");
        JsonNode r = JsonText.read(out.toString());
        assertThat(r.get("error").get("exit_status").asInt()).isEqualTo(3);
        assertThat(Path.of(r.get("dir").asText()).resolve("error.json")).exists();
    }

    @Test
    void requiredInputOfACallThatTheWorkflowLeavesOpenIsCheckedBeforeRunning() throws Exception {
        Path open = Files.writeString(tmp.resolve("open.wdl"), """
                version 1.1
                task t {
                  input { Int n  String? label }
                  command <<< touch MARKER; echo ~{n} >>>
                  output { Int out = read_int(stdout()) }
                }
                workflow w { call t as first { input: n = 1 }  call t as second }
                """.replace("MARKER", marker.toString()));
        int code = WdlbatchMain.run(new String[] {"run", open.toString(), "--dir", tmp.resolve("runs").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertRejectedBeforeRunning(code,
                "missing required input: w.second.n (Int, an input the workflow leaves open)");

        int ok = WdlbatchMain.run(new String[] {"run", open.toString(), "--dir", tmp.resolve("runs").toString(),
                "second.n=5"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(ok).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"w.second.out\" : 5");
    }
}
