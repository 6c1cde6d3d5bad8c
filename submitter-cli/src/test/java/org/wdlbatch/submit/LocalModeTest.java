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
 * {@code --local=DIR}: no AWS settings at all; the emulator starts inside submit_awsbatch with its data in DIR, and
 * the workflow job, its task jobs and the run directory all live there afterwards.
 */
class LocalModeTest {

    @TempDir
    Path tmp;

    @Test
    void runsHelloWorldOnThisMachineAndLeavesEverythingInDir() throws Exception {
        Path local = tmp.resolve("local");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String hello = Path.of("..", "examples", "hello.wdl").toAbsolutePath().normalize().toString();
        int code = SubmitMain.run(new String[] {"--local=" + local, hello, "names=Alice", "names=Bob", "--follow"},
                new SubmitSession.Context(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), null, new JobWatcher.Timing(100, 3000)));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).matches("[0-9a-f-]{36}");
        assertThat(stderr).contains("local AWS (aws-emulator)", "Hello, Alice!", "Hello, Bob!", "SUCCEEDED");
        List<Path> runs;
        try (Stream<Path> s = Files.list(local.resolve("efs").resolve("wdlbatch_run"))) {
            runs = s.filter(p -> p.getFileName().toString().endsWith("_hello")).toList();
        }
        assertThat(runs).hasSize(1);
        assertThat(Files.readString(runs.get(0).resolve("outputs.json"))).contains("Hello, Alice!");
        assertThat(local.resolve("state")).isDirectory();
    }
}
