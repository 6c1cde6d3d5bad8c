package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.json.JsonText;

/**
 * {@code miniwdl run}'s task flags through {@code wdlbatch run} (tasks are real processes): {@code --env},
 * {@code --runtime-cpu-max}, {@code --runtime-memory-max}, {@code --copy-input-files-for}, {@code --as-me},
 * {@code -p/--path}.
 */
class TaskFlagsRunTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static final String ENV_WDL = """
            version 1.1
            task greet {
              input { String who = "x" }
              command <<< echo "${GREETING:-unset} ~{who}"; echo "$PASSED" >&2 >>>
              output { String said = read_string(stdout()) }
              runtime { cpu: 8  memory: "64 GiB" }
            }
            """;

    private int run(Path wdl, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> all = new ArrayList<>(List.of("run", wdl.toString(), "--dir", tmp.resolve("runs").toString()));
        all.addAll(List.of(args));
        return WdlbatchMain.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private JsonNode result() throws Exception {
        return JsonText.read(out.toString());
    }

    private String taskLog(String call) throws Exception {
        return Files.readString(Path.of(result().get("dir").asText()).resolve("call-" + call).resolve("task.log"));
    }

    @Test
    void envReachesTheTaskAndAChangedValueIsNotACacheHit() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("greet.wdl"), ENV_WDL);
        assertThat(run(wdl, "--task", "greet", "--env", "GREETING=hello")).as(err.toString()).isZero();
        assertThat(result().at("/outputs/greet.said").asText()).isEqualTo("hello x");

        // same value: the second run reuses the first one's result
        assertThat(run(wdl, "--task", "greet", "--env", "GREETING=hello")).as(err.toString()).isZero();
        assertThat(taskLog("greet")).contains("call cache hit");

        // another value: the task runs again and sees it (an old result would say "hello")
        assertThat(run(wdl, "--task", "greet", "--env", "GREETING=bonjour")).as(err.toString()).isZero();
        assertThat(result().at("/outputs/greet.said").asText()).isEqualTo("bonjour x");
        assertThat(taskLog("greet")).doesNotContain("call cache hit");

        // no --env at all: not the result of either
        assertThat(run(wdl, "--task", "greet")).as(err.toString()).isZero();
        assertThat(result().at("/outputs/greet.said").asText()).isEqualTo("unset x");
    }

    @Test
    void envKeyAlonePassesTheCallersValueThrough() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("greet.wdl"), ENV_WDL);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WdlbatchMain.class.getName(), "run", wdl.toString(),
                "--task", "greet", "--dir", tmp.resolve("runs").toString(), "--env", "PASSED", "--env", "GREETING",
                "--env", "NOT_SET_ANYWHERE_42"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("PASSED", "from the caller");
        pb.environment().remove("GREETING");
        pb.environment().remove("NOT_SET_ANYWHERE_42");
        Path stdout = tmp.resolve("stdout");
        Process p = pb.redirectOutput(stdout.toFile()).redirectError(tmp.resolve("stderr").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("stderr"))).isZero();
        JsonNode r = JsonText.read(Files.readString(stdout, StandardCharsets.UTF_8));
        assertThat(r.at("/outputs/greet.said").asText()).isEqualTo("unset x");
        assertThat(Files.readString(Path.of(r.get("dir").asText()).resolve("call-greet/stderr.txt")))
                .isEqualTo("from the caller\n");
    }

    @Test
    void badEnvNamesAreRefusedBeforeAnythingRuns() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("greet.wdl"), ENV_WDL);
        assertThat(run(wdl, "--task", "greet", "--env", "AWS_BATCH_JOB_ID=x")).isEqualTo(2);
        assertThat(err.toString()).contains("--env AWS_BATCH_JOB_ID=x").contains("AWS Batch reserves");
        assertThat(run(wdl, "--task", "greet", "--env", "=x")).isEqualTo(2);
        assertThat(err.toString()).contains("--env =x: expected KEY=VALUE or KEY");
        assertThat(run(wdl, "--task", "greet", "--env", "1BAD=x")).isEqualTo(2);
        assertThat(err.toString()).contains("'1BAD' is not valid");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void runtimeMaxCapsEachTasksRequest() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("greet.wdl"), ENV_WDL);
        assertThat(run(wdl, "--task", "greet", "--runtime-cpu-max", "2", "--runtime-memory-max", "4G", "--no-cache"))
                .as(err.toString()).isZero();
        assertThat(taskLog("greet")).contains("cpu 8.0 capped to 2.0").contains("memory 68719476736 bytes capped to"
                + " 4000000000");
        assertThat(run(wdl, "--task", "greet", "--runtime-memory-max", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("--runtime-memory-max: [task_runtime] memory_max = 'lots' is not valid");
    }

    @Test
    void copyInputFilesForCopiesOnlyTheNamedCallsInputs() throws Exception {
        Path data = Files.writeString(tmp.resolve("data.txt"), "payload\n");
        Path wdl = Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                task look {
                  input { File f }
                  command <<< if [ -L '~{f}' ]; then echo link; else echo copy; fi >>>
                  output { String kind = read_string(stdout()) }
                }
                workflow wf {
                  input { File f }
                  call look as first { input: f }
                  call look as second { input: f }
                  output { String a = first.kind  String b = second.kind }
                }
                """);
        assertThat(run(wdl, "f=" + data, "--copy-input-files-for", "second", "--no-cache")).as(err.toString())
                .isZero();
        assertThat(result().at("/outputs/wf.a").asText()).isEqualTo("link");
        assertThat(result().at("/outputs/wf.b").asText()).isEqualTo("copy");
    }

    @Test
    void pathFindsImportsInOtherFoldersAndTheKeptBundleNeedsNoPath() throws Exception {
        Path main = Files.createDirectories(tmp.resolve("pipelines")).resolve("main.wdl");
        Files.writeString(main, """
                version 1.1
                import "shared/lib.wdl" as lib
                workflow main {
                  call lib.hello
                  output { String said = hello.said }
                }
                """);
        Path lib = Files.createDirectories(tmp.resolve("library/shared")).resolve("lib.wdl");
        Files.writeString(lib, """
                version 1.1
                task hello {
                  command <<< echo from the library >>>
                  output { String said = read_string(stdout()) }
                }
                """);
        assertThat(run(main)).isEqualTo(2);
        assertThat(err.toString()).contains("cannot import \"shared/lib.wdl\"");

        assertThat(run(main, "-p", tmp.resolve("elsewhere").toString(), "--path", tmp.resolve("library").toString()))
                .as(err.toString()).isZero();
        assertThat(result().at("/outputs/main.said").asText()).isEqualTo("from the library");

        // the run keeps a bundle of what it ran: it reads back without -p (resume, rerun)
        Path bundle = Path.of(result().get("dir").asText()).resolve(org.wdlbatch.engine.rundir.RunRecord.BUNDLE);
        assertThat(run(bundle, "--no-cache")).as(err.toString()).isZero();
        assertThat(result().at("/outputs/main.said").asText()).isEqualTo("from the library");
    }

    @Test
    void asMeIsRefusedOnAwsBatchWithTheWayToDoIt() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("greet.wdl"), ENV_WDL);
        assertThat(run(wdl, "--task", "greet", "--as-me", "--backend", "aws-batch")).isEqualTo(2);
        assertThat(err.toString()).contains("--as-me").contains("container_properties").contains("\"user\"");
    }
}
