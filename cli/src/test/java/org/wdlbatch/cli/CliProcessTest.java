package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a real process (a JVM running {@link WdlbatchMain} with the test class path). */
class CliProcessTest {

    record Result(int code, String out, String err) {}

    static Result exec(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WdlbatchMain.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("wdlbatch did not finish");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void checkPrintsRelativePathsAsGivenAndExitsWith2(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("wf"));
        Files.writeString(tmp.resolve("wf/main.wdl"), """
                version 1.0
                import "../tasks/missing.wdl" as t
                workflow main {
                  Int x = "a" + [1]
                }
                """);
        Result r = exec(tmp, "check", "wf/main.wdl");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("""
                wf/main.wdl:2:1: error: cannot import "../tasks/missing.wdl": no such file: tasks/missing.wdl
                    hint: imports are resolved relative to the directory of the importing file
                """);
    }

    @Test
    void aGoodProjectChecksAndZipsAsAProcess(@TempDir Path tmp) throws Exception {
        CliCheckTest.writeProject(tmp);
        Result ok = exec(tmp, "check", "workflows/main.wdl");
        assertThat(ok.err()).isEmpty();
        assertThat(ok.code()).isZero();
        Result zip = exec(tmp, "zip", "workflows/main.wdl", "-o", "b.zip");
        assertThat(zip.code()).isZero();
        assertThat(tmp.resolve("b.zip")).isRegularFile();
        Result help = exec(tmp, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("check").contains("zip");
    }

    @Test
    void everySubcommandAnswersHelpAndAMisspeltFlagGetsASuggestion(@TempDir Path tmp) throws Exception {
        for (String sub : List.of("run", "check", "zip", "input_template")) {
            Result help = exec(tmp, sub, "--help");
            assertThat(help.code()).as(sub + " --help: " + help.err()).isZero();
            assertThat(help.out()).as(sub).contains("Usage: wdlbatch " + sub).contains("Examples:");
        }
        Result typo = exec(tmp, "run", "x.wdl", "--no-cach");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("Unknown option: '--no-cach'").contains("--no-cache");
    }

    @Test
    void inputTemplateListsRequiredInputsWithPlaceholdersAndOptionalOnesOnRequest(@TempDir Path tmp)
            throws Exception {
        Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                struct Sample { String id  File reads  Int? lane }
                workflow wf {
                  input {
                    Array[Sample] samples
                    File ref
                    Int threads = 4
                    String? tag
                    Map[String, Float] weights
                  }
                }
                """);
        Result r = exec(tmp, "input_template", "wf.wdl");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out())).isEqualTo(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                        {"wf.samples": [{"id": "String", "reads": "File"}], "wf.ref": "File",
                         "wf.weights": {"String": 3.14}}
                        """));
        Result all = exec(tmp, "input-template", "wf.wdl", "--optional", "--no-namespace");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(all.out()).toString())
                .isEqualTo("{\"samples\":[{\"id\":\"String\",\"reads\":\"File\"}],\"ref\":\"File\","
                        + "\"threads\":4,\"tag\":null,\"weights\":{\"String\":3.14}}");
    }

    @Test
    void miniwdlVariablesReachTheRunAndUnknownMiniwdlKeysAreListedOnce(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                task t { command <<< echo hi >>> output { String s = read_string(stdout()) } }
                workflow wf { call t }
                """);
        Files.writeString(tmp.resolve("miniwdl.cfg"), "[download_cache]\nflock = false\n[scheduler]\n"
                + "download_concurrency = 5\ntask_concurrency = 2\n");
        Result r = exec(tmp, "run", "wf.wdl", "--cfg", "miniwdl.cfg");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).containsOnlyOnce("miniwdl setting(s) have no effect here")
                .contains("[download_cache] flock").contains("[scheduler] download_concurrency");
    }

    @Test
    void tasksNamingImagesButRunOnTheHostAreToldOnceAndNotedInTheirTaskLog(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                task t { input { Int i } command <<< echo ~{i} >>> output { Int o = read_int(stdout()) }
                  runtime { docker: "ubuntu:24.04" } }
                workflow wf { scatter (i in [1, 2, 3]) { call t { input: i } } }
                """);
        Result r = exec(tmp, "run", "wf.wdl", "--no-cache");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).containsOnlyOnce("tasks name container images (first: ubuntu:24.04")
                .contains("container_backend = docker or podman");
        Path runDir = Path.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("dir").asText());
        assertThat(Files.readString(runDir.resolve("call-t-2/task.log")))
                .contains("runs on this host; its image ubuntu:24.04 is not used");
    }

    @Test
    void runtimeAttributesWithoutEffectAreNamedInTheTaskLog(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.0
                task t {
                  command <<< echo hi >>>
                  output { String s = read_string(stdout()) }
                  runtime { cpu: 1  disks: "local-disk 10 SSD"  failOnStderr: false  awsBatchRetryAttempts: 2 }
                }
                workflow wf { call t }
                """);
        Result r = exec(tmp, "run", "wf.wdl", "--no-cache");
        assertThat(r.code()).as(r.err()).isZero();
        Path runDir = Path.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("dir").asText());
        assertThat(Files.readString(runDir.resolve("call-t/task.log"))).contains(
                "runtime attributes awsBatchRetryAttempts, disks have no effect on the local backend");
    }
}
