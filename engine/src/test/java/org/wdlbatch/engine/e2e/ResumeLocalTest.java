package org.wdlbatch.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.inputs.InputException;
import org.wdlbatch.engine.rundir.RunRecord;

/** {@code --resume} with the local backend: finished calls are kept, the failed one runs again. */
class ResumeLocalTest {

    @TempDir
    Path root;

    @Test
    void resumeKeepsFinishedCallsAndRunsTheRest() throws Exception {
        RunFixture f = new RunFixture(root);
        Path counter = Files.createDirectories(root.resolve("count"));
        Path wdl = f.write("wf.wdl", """
                version 1.1
                task step {
                  input { Int i }
                  command <<<
                    echo run >> COUNT/~{i}
                    if [ ~{i} = 2 ] && [ ! -e OK ]; then exit 1; fi
                    echo ~{i}
                  >>>
                  output { Int v = read_int(stdout()) }
                }
                workflow wf {
                  input { Int n }
                  scatter (i in range(n)) { call step { input: i = i } }
                  output { Array[Int] vs = step.v }
                }
                """.replace("COUNT", counter.toString()).replace("OK", root.resolve("ok").toString()));
        Runner.Outcome failed = f.run(wdl, "n=3");
        assertThat(failed.succeeded()).isFalse();
        Path runDir = failed.runDir().path();
        assertThat(runDir.resolve(RunRecord.FILE)).exists();
        assertThat(runDir.resolve(RunRecord.BUNDLE)).exists();
        Files.delete(wdl); // resume runs the WDL the run directory kept
        Files.writeString(root.resolve("ok"), "");

        Runner.Outcome resumed = new Runner().resume(new Runner.ResumeRequest(runDir,
                Config.builder().build(), null, false));
        assertThat(resumed.succeeded()).isTrue();
        assertThat(resumed.runDir().path()).isEqualTo(runDir);
        assertThat(resumed.outputs().get("wf.vs").toString()).isEqualTo("[0, 1, 2]");
        assertThat(Files.readAllLines(counter.resolve("0"))).as("finished before: kept").hasSize(1);
        assertThat(Files.readAllLines(counter.resolve("1"))).hasSize(1);
        assertThat(Files.readAllLines(counter.resolve("2"))).as("failed before: runs again").hasSize(2);
        assertThat(runDir.resolve("call-step-2/attempt-1/rc")).as("the failed attempt kept apart").exists();
        assertThat(runDir.resolve("call-step-2/failed_attempt")).doesNotExist();
        assertThat(runDir.resolve("error.json")).doesNotExist();
        assertThat(runDir.resolve("outputs.json")).exists();
    }

    @Test
    void resumingAFolderThatIsNotARunSaysSo() {
        assertThatThrownBy(() -> new Runner().resume(new Runner.ResumeRequest(root, Config.builder().build(), null,
                false))).isInstanceOf(InputException.class).hasMessageContaining("not a run directory");
    }
}
