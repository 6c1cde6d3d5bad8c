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

/** {@code miniwdl run}'s flags with miniwdl's meaning: -o, --none, --empty, --runtime-defaults, --no-color. */
class MiniwdlRunFlagsTest {

    @TempDir
    Path tmp;

    private Path wdl;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeWorkflow() throws Exception {
        wdl = Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                task flaky {
                  input { String marker }
                  command <<< if [ -e '~{marker}' ]; then echo fine; else touch '~{marker}'; exit 3; fi >>>
                  output { String said = read_string(stdout()) }
                }
                workflow wf {
                  input {
                    Int? level = 5
                    Array[String] tags = ["a"]
                    String label = "x"
                    String marker
                    Boolean retry_me = false
                  }
                  if (retry_me) { call flaky { input: marker } }
                  output {
                    Int level_out = select_first([level, -1])
                    Array[String] tags_out = tags
                    String label_out = label
                    String? said = flaky.said
                  }
                }
                """);
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", wdl.toString(), "--dir", tmp.resolve("runs").toString(),
                "marker=" + tmp.resolve("marker")));
        all.addAll(List.of(args));
        return WdlbatchMain.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void noneOverridesADefaultAndEmptySetsEmptyStringsAndArrays() throws Exception {
        assertThat(run("--none", "level", "--empty", "tags", "--empty", "wf.label", "--no-color"))
                .as(err.toString()).isZero();
        JsonNode outputs = JsonText.read(out.toString()).get("outputs");
        assertThat(outputs.get("wf.level_out").asInt()).isEqualTo(-1);
        assertThat(outputs.get("wf.tags_out").toString()).isEqualTo("[]");
        assertThat(outputs.get("wf.label_out").asText()).isEmpty();
    }

    @Test
    void noneOnARequiredInputAndEmptyOnAnIntAreInputErrors() {
        assertThat(run("--none", "label")).isEqualTo(2);
        assertThat(err.toString()).contains("--none label: wf.label is a String, which cannot be None");
        err.getBuffer().setLength(0);
        assertThat(run("--empty", "level")).isEqualTo(2);
        assertThat(err.toString()).contains("--empty level: wf.level is a Int?");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void outputFileGetsTheResultAndTheErrorInsteadOfStandardOutput() throws Exception {
        Path result = tmp.resolve("result.json");
        assertThat(run("-o", result.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(JsonText.read(Files.readString(result)).get("outputs").get("wf.label_out").asText())
                .isEqualTo("x");

        Path failed = tmp.resolve("failed.json");
        assertThat(run("retry_me=true", "--output", failed.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        JsonNode error = JsonText.read(Files.readString(failed)).get("error");
        assertThat(error).as(Files.readString(failed)).isNotNull();
        assertThat(error.toString()).contains("flaky");
    }

    @Test
    void runtimeDefaultsFromTheCommandLineReachEveryTask() throws Exception {
        // the task fails its first attempt; one retry from --runtime-defaults makes the run succeed
        assertThat(run("retry_me=true", "--runtime-defaults", "{\"maxRetries\": 1}")).as(err.toString()).isZero();
        assertThat(JsonText.read(out.toString()).get("outputs").get("wf.said").asText())
                .isEqualTo("fine");
        Files.delete(tmp.resolve("marker"));
        Path file = Files.writeString(tmp.resolve("defaults.json"), "{\"maxRetries\": 0}");
        assertThat(run("retry_me=true", "--no-cache", "--runtime-defaults", file.toString())).isEqualTo(1);
        assertThat(run("--runtime-defaults", "[1]")).isEqualTo(2);
        assertThat(err.toString()).contains("--runtime-defaults: expected a JSON object");
    }
}
