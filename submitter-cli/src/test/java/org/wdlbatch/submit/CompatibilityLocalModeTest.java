package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 through the whole AWS flow on this machine ({@code submit_awsbatch --local}): a Directory input is a real
 * directory to the task job's command, and Pairs are written as {@code {"left": .., "right": ..}}
 * (docs/compatibility.md).
 */
class CompatibilityLocalModeTest {

    @TempDir
    Path tmp;

    @Test
    void directoryInputsAndPairsBehaveAsOnMiniwdlInTaskJobs() throws Exception {
        Path local = tmp.resolve("local");
        Path data = local.resolve("efs").resolve("data");
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("a.txt"), "a\n");
        Files.writeString(data.resolve("sub").resolve("b.txt"), "b\n");
        Path wdl = Files.writeString(tmp.resolve("compat.wdl"), """
                version 1.2
                task t {
                  input { Directory d  Array[Pair[String, Int]] ps }
                  command <<<
                    find '~{d}' -type f | sed 's#.*/##' | sort | paste -sd, -
                    cat '~{write_json(ps)}'; echo
                  >>>
                  output { Array[String] lines = read_lines(stdout()) }
                }
                workflow compat {
                  input { Directory d }
                  call t { input: d = d, ps = zip(["x", "y"], [1, 2]) }
                  output { Array[String] lines = t.lines }
                }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SubmitMain.run(new String[] {"--local=" + local, wdl.toString(), "d=" + data, "--follow"},
                new SubmitSession.Context(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), null, new JobWatcher.Timing(100, 3000)));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isZero();
        List<Path> runs;
        try (Stream<Path> s = Files.list(local.resolve("efs").resolve("wdlbatch_run"))) {
            runs = s.filter(p -> p.getFileName().toString().endsWith("_compat")).toList();
        }
        assertThat(runs).hasSize(1);
        assertThat(Files.readString(runs.get(0).resolve("outputs.json")).replaceAll("\\s", ""))
                .contains("\"compat.lines\":[\"a.txt,b.txt\",\"[{\\\"left\\\":\\\"x\\\",\\\"right\\\":1},"
                        + "{\\\"left\\\":\\\"y\\\",\\\"right\\\":2}]\"]");
    }
}
