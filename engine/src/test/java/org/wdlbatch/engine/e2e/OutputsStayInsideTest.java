package org.wdlbatch.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.task.OutputPaths;

/**
 * Outputs that lead out of the run are refused with an error naming the output, its path and the rule; outputs
 * that hand on an input are not (real processes, the local backend).
 */
class OutputsStayInsideTest {

    @TempDir
    Path tmp;

    private static final String SECRET = "not yours\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "absolute literal    | true  | File f = \"OUTSIDE\"                     | true",
        "climbing ../../     | echo made > ../../x.txt | File f = \"../../x.txt\"  | true",
        "symlink out         | ln -s OUTSIDE link.txt  | File f = \"link.txt\"     | true",
        "directory outside   | true  | Directory d = \"OUTSIDE_DIR\"             | true",
        "glob through a link | ln -s OUTSIDE_DIR d     | Array[File] fs = glob(\"d/*\") | true",
    })
    void anOutputLeadingOutOfItsTaskDirectoryFailsTheCall(String pattern, String command, String output,
            boolean fails) throws Exception {
        Path outsideDir = Files.createDirectories(tmp.resolve("someone-else"));
        Path outside = Files.writeString(outsideDir.resolve("secret.txt"), SECRET);
        RunFixture f = new RunFixture(tmp.resolve("work"));
        String out = output.replace("OUTSIDE_DIR", outsideDir.toString()).replace("OUTSIDE", outside.toString());
        Path wdl = f.write("escape.wdl", """
                version 1.2
                task leak {
                  command <<< %s >>>
                  output { %s }
                }
                workflow w { call leak }
                """.formatted(command.replace("OUTSIDE_DIR", outsideDir.toString())
                        .replace("OUTSIDE", outside.toString()), out));
        Runner.Outcome o = f.run(wdl);
        assertThat(o.failure()).as(pattern).isNotNull();
        assertThat(o.failure().kind()).isEqualTo("OutputError");
        assertThat(o.failure().message()).as(pattern).startsWith("output leak.")
                .contains("outside the task directory").contains(OutputPaths.TASK_RULE);
        assertThat(o.runDir().outputsJson()).doesNotExist();
        assertThat(outside).hasContent(SECRET.strip());
    }

    @Test
    void aWorkflowLevelLiteralPathFailsTheRun() throws Exception {
        Path outside = Files.writeString(tmp.resolve("secret.txt"), SECRET);
        RunFixture f = new RunFixture(tmp.resolve("work"));
        Path wdl = f.write("wf.wdl", """
                version 1.1
                task ok { command <<< echo fine > ok.txt >>> output { File f = "ok.txt" } }
                workflow w {
                  call ok
                  output { File mine = ok.f  File stolen = "%s" }
                }
                """.formatted(outside));
        Runner.Outcome o = f.run(wdl);
        assertThat(o.failure()).isNotNull();
        assertThat(o.failure().kind()).isEqualTo("OutputError");
        assertThat(o.failure().message()).isEqualTo("output w.stolen: " + outside
                + " is neither a task output nor a workflow input (" + OutputPaths.WORKFLOW_RULE + ")");
        assertThat(o.runDir().outputsJson()).doesNotExist();
    }

    @Test
    void handingOnInputsAndFilesTheTaskWroteIsAllowed() throws Exception {
        Path input = Files.writeString(tmp.resolve("in.txt"), "input data\n");
        Path inputDir = Files.createDirectories(tmp.resolve("indir"));
        Files.writeString(inputDir.resolve("a.txt"), "a\n");
        RunFixture f = new RunFixture(tmp.resolve("work"));
        Path wdl = f.write("ok.wdl", """
                version 1.2
                task pass {
                  input { File x  Directory d }
                  command <<< mkdir -p sub && echo made > sub/made.txt && ln -s sub/made.txt inner-link.txt >>>
                  output {
                    File same = x
                    File inDir = "~{d}/a.txt"
                    File made = "sub/made.txt"
                    File linked = "inner-link.txt"
                    Directory sub = "sub"
                  }
                }
                workflow w {
                  input { File x  Directory d }
                  call pass { input: x = x, d = d }
                  output { File given = x  File same = pass.same  File made = pass.made  Directory sub = pass.sub }
                }
                """);
        Runner.Outcome o = f.run(wdl, "x=" + input, "d=" + inputDir);
        assertThat(o.failure()).isNull();
        assertThat(o.outputs()).containsKeys("w.given", "w.same", "w.made", "w.sub");
    }
}
