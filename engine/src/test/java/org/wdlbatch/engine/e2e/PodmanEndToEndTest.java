package org.wdlbatch.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.backend.PodmanTestImage;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.json.JsonText;

/**
 * A workflow whose tasks run in a real container with {@code [task_runtime] container_backend = podman}:
 * File inputs from outside the run directory (one through a symlinked folder), a scatter of two, a gather
 * task reading the scatter's File outputs from the other task directories. Skipped where podman cannot run a
 * container; the image is built from this machine's own bash and coreutils (see {@link PodmanTestImage}).
 */
class PodmanEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void scatteredTasksRunInTheImageWithFileInputsAndOutputs() throws Exception {
        String image = PodmanTestImage.image();
        assertThat(Files.readString(Path.of("/etc/os-release"))).doesNotContain("wdlbatch-test");
        RunFixture f = new RunFixture(tmp);
        Path one = f.write("in/one.txt", "one\n");
        f.write("real/two.txt", "two\n");
        Files.createSymbolicLink(tmp.resolve("alias"), tmp.resolve("real"));
        Path two = tmp.resolve("alias/two.txt");
        Path wdl = f.write("shouting.wdl", """
                version 1.1
                task shout {
                  input { File text  Int n }
                  command <<<
                    set -e
                    tr a-z A-Z < ~{text} > loud.txt
                    echo ~{n} >> loud.txt
                    cat /etc/os-release > os.txt
                    cat /wdlbatch-test-image > marker.txt
                    echo "$PWD $TMPDIR" > where.txt
                  >>>
                  output {
                    File loud = "loud.txt"
                    String os = read_string("os.txt")
                    String marker = read_string("marker.txt")
                    String where = read_string("where.txt")
                  }
                  runtime { container: "IMAGE" }
                }
                task join {
                  input { Array[File] parts }
                  command <<< cat ~{sep(" ", parts)} > all.txt >>>
                  output { File all = "all.txt" }
                  runtime { container: "IMAGE"  cpu: 1  memory: "256 MiB" }
                }
                workflow shouting {
                  input { Array[File] texts }
                  scatter (i in range(length(texts))) {
                    call shout { input: text = texts[i], n = i }
                  }
                  call join { input: parts = shout.loud }
                  output {
                    Array[File] loud = shout.loud
                    Array[String] os = shout.os
                    Array[String] marker = shout.marker
                    Array[String] where = shout.where
                    File all = join.all
                  }
                }
                """.replace("IMAGE", image));

        Runner.Outcome o = f.run(wdl, null, Map.of("WDLBATCH__TASK_RUNTIME__CONTAINER_BACKEND", "podman"),
                "texts=" + one, "texts=" + two);

        assertThat(o.failure()).as("the run failed; see %s", o.runDir().path()).isNull();
        var outputs = JsonNodeFactory.instance.objectNode();
        o.outputs().forEach((k, v) -> outputs.set(k, ValueJson.toJson(v)));
        JsonNode out = JsonText.read(outputs.toString());
        // The host's /etc/os-release says otherwise: these prove the commands ran inside the image.
        assertThat(out.get("shouting.os").toString()).isEqualTo("[\"ID=wdlbatch-test\",\"ID=wdlbatch-test\"]");
        assertThat(out.get("shouting.marker").get(1).asText()).isEqualTo("inside the wdlbatch test image");
        Path call0 = o.runDir().path().resolve("call-shout-0");
        Path call1 = o.runDir().path().resolve("call-shout-1");
        assertThat(out.get("shouting.where").get(0).asText())
                .isEqualTo(call0.resolve("work") + " " + call0.resolve("tmp"));
        assertThat(Path.of(out.get("shouting.loud").get(0).asText())).isEqualTo(call0.resolve("work/loud.txt"))
                .hasContent("ONE\n0");
        assertThat(Path.of(out.get("shouting.loud").get(1).asText())).isEqualTo(call1.resolve("work/loud.txt"))
                .hasContent("TWO\n1");
        assertThat(Path.of(out.get("shouting.all").asText())).hasContent("ONE\n0\nTWO\n1");
        // Inputs are mounted read-only: the originals are untouched.
        assertThat(one).hasContent("one");
    }
}
