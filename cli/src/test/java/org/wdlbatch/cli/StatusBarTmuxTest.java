package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status bar on a real terminal: {@code wdlbatch run} of a scatter inside a detached tmux session; the captured
 * pane shows the bar redrawn in place (one status line, on the bottom of what was written) with the counts moving
 * on, and the final line when the run ends. Skipped when tmux is not installed.
 */
class StatusBarTmuxTest {

    @TempDir
    Path tmp;

    @Test
    void theBarIsRedrawnInPlaceOnATerminal() throws Exception {
        assumeTrue(onPath("tmux"), "tmux is not installed");
        Path release = tmp.resolve("release");
        Path wdl = Files.writeString(tmp.resolve("fan.wdl"), """
                version 1.1
                task wait {
                  input { Int i  String release }
                  command <<< while [ ! -e ~{release} ]; do sleep 0.1; done >>>
                }
                workflow fan {
                  input { String release }
                  scatter (i in range(6)) { call wait { input: i = i, release = release } }
                }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = Files.writeString(tmp.resolve("run.sh"), String.join(" ", "cd", tmp.toString(), "&&",
                "WDLBATCH__SCHEDULER__CALL_CONCURRENCY=4", "'" + java + "'", "-cp",
                "'" + System.getProperty("java.class.path") + "'", WdlbatchMain.class.getName(), "run",
                wdl.toString(), "release=" + release, "--dir", tmp.resolve("runs").toString(), "-o",
                tmp.resolve("result.json").toString(), "; echo exit=$?; sleep 60\n"));
        String session = "wdlbatch-test-" + ProcessHandle.current().pid();
        run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "15", "bash " + script);
        try {
            String pane = "";
            for (int i = 0; i < 600 && !pane.contains("4 running"); i++) {
                Thread.sleep(100);
                pane = run("tmux", "capture-pane", "-p", "-t", session);
            }
            assertThat(pane).as("the bar while four calls run").contains("fan: 2 queued, 4 running, 0 done, 0 failed");
            assertThat(statusLines(pane)).as(pane).hasSize(1);          // redrawn in place, not a line per second
            Files.createFile(release);
            for (int i = 0; i < 600 && !pane.contains("exit="); i++) {
                Thread.sleep(100);
                pane = run("tmux", "capture-pane", "-p", "-t", session);
            }
            assertThat(pane).contains("exit=0");
            List<String> lines = statusLines(pane);
            assertThat(lines).as(pane).hasSize(1);
            assertThat(lines.get(0)).contains("fan: 0 queued, 0 running, 6 done, 0 failed");
        } finally {
            run("tmux", "kill-session", "-t", session);
        }
    }

    private static List<String> statusLines(String pane) {
        return Arrays.stream(pane.split("\n")).filter(l -> l.matches("\\[\\d\\d:\\d\\d:\\d\\d] fan: .*")).toList();
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("which", tool).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
