package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code wdlbatch check} and {@code wdlbatch zip}, in-process, over real files. */
class CliCheckTest {

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WdlbatchMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static Path errorsDir() {
        try {
            return Path.of(CliCheckTest.class.getResource("/errors").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> catalogue() throws IOException {
        try (Stream<Path> s = Files.walk(errorsDir())) {
            return s.filter(p -> p.toString().endsWith(".expected"))
                    .map(p -> errorsDir().relativize(p).toString().replace(".expected", ".wdl"))
                    .sorted().toList().stream();
        }
    }

    /**
     * Each broken file of the catalogue gives exactly its expected lines (paths in the .expected files start with
     * {@code $DIR}, the catalogue directory; the CLI prints them as given, here absolute) and exit code 2.
     */
    @ParameterizedTest
    @MethodSource("catalogue")
    void brokenFilesGiveExactDiagnosticsAndExitCode2(String name) throws IOException {
        Path dir = errorsDir();
        String expected = Files.readAllLines(dir.resolve(name.replace(".wdl", ".expected"))).stream()
                .map(l -> l.replace("$DIR", dir.toString()))
                .collect(Collectors.joining("\n", "", "\n"));
        Result r = run("check", dir.resolve(name).toString());
        assertThat(r.err()).isEqualTo(expected);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aGoodWorkflowWithImportsChecksWithExitCode0(@TempDir Path tmp) throws IOException {
        Path main = writeProject(tmp);
        Result r = run("check", main.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(main + ": ok\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void severalFilesAreAllCheckedAndEachProblemIsPrintedOnce(@TempDir Path tmp) throws IOException {
        Path good = writeProject(tmp);
        Files.writeString(tmp.resolve("tasks/broken.wdl"), "version 1.0\ntask b { command <<< >>> output { Int x = y } }\n");
        Path a = Files.writeString(tmp.resolve("a.wdl"), "version 1.0\nimport \"tasks/broken.wdl\"\nworkflow a {}\n");
        Path b = Files.writeString(tmp.resolve("b.wdl"), "version 1.0\nimport \"tasks/broken.wdl\"\nworkflow b {}\n");
        Result r = run("check", good.toString(), a.toString(), b.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEqualTo(good + ": ok\n");
        assertThat(r.err()).isEqualTo(tmp.resolve("tasks/broken.wdl") + ":2:43: error: unknown name y\n"
                + "    hint: did you mean x?\n"
                + "2 of 3 files have problems\n");
    }

    @Test
    void usageErrorsExitWith2AndNoStackTrace() {
        Result none = run("check");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("wdlbatch: Missing required parameter: 'FILE'");
        Result bad = run("frobnicate");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("wdlbatch: Unmatched argument at index 0: 'frobnicate'");
        Result missing = run("check", "/nonexistent/x.wdl");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("/nonexistent/x.wdl:1:1: error: cannot read WDL document: no such file: /nonexistent/x.wdl\n");
    }

    @Test
    void zipKeepsTheRelativeLayoutAndTheBundleChecksAgain(@TempDir Path tmp) throws IOException {
        Path main = writeProject(tmp);
        Path zip = tmp.resolve("out/bundle.zip");
        Result r = run("zip", main.toString(), "-o", zip.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + zip + " (main document workflows/main.wdl, 3 documents)\n");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> names = z.stream().map(e -> e.getName()).sorted().toList();
            assertThat(names).containsExactly("lib/structs.wdl", "tasks/greet.wdl", "wdlbatch-bundle.json", "workflows/main.wdl");
            assertThat(new String(z.getInputStream(z.getEntry("tasks/greet.wdl")).readAllBytes()))
                    .isEqualTo(Files.readString(tmp.resolve("tasks/greet.wdl")));
        }
        Result again = run("check", zip.toString());
        assertThat(again.err()).isEmpty();
        assertThat(again.code()).isZero();
    }

    @Test
    void zipOfABrokenWorkflowWritesNothing(@TempDir Path tmp) throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.wdl"), "version 1.0\nworkflow w { Int x = nope }\n");
        Path zip = tmp.resolve("bundle.zip");
        Result r = run("zip", bad.toString(), "-o", zip.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(bad + ":2:22: error: unknown name nope\n    hint: names in scope: x\n");
        assertThat(zip).doesNotExist();
    }

    /** workflows/main.wdl imports ../tasks/greet.wdl, which imports ../lib/structs.wdl. */
    static Path writeProject(Path root) throws IOException {
        Files.createDirectories(root.resolve("workflows"));
        Files.createDirectories(root.resolve("tasks"));
        Files.createDirectories(root.resolve("lib"));
        Files.writeString(root.resolve("lib/structs.wdl"), """
                version 1.0
                struct Person { String name  Int age }
                """);
        Files.writeString(root.resolve("tasks/greet.wdl"), """
                version 1.0
                import "../lib/structs.wdl"
                task greet {
                  input { Person who  String greeting = "hello" }
                  command <<< echo "~{greeting} ~{who.name}" >>>
                  output { String line = read_string(stdout()) }
                }
                """);
        return Files.writeString(root.resolve("workflows/main.wdl"), """
                version 1.0
                import "../tasks/greet.wdl" as g
                workflow main {
                  input { Array[Person] people }
                  scatter (p in people) {
                    call g.greet { input: who = p }
                  }
                  output { Array[String] lines = greet.line }
                }
                """);
    }
}
