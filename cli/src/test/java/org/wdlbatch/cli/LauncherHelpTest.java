package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wdlbatch --help} prints the text the build wrote next to the jar (help-text.sh) without starting a
 * JVM, and that text is what the JVM prints, under each of picocli's colour choices; anything that could change
 * the text leaves it to the JVM. The release is laid out as shipped (bin/, lib/wdlbatch.jar), the jar a manifest
 * whose class path is this test's, so the JVM's help is the real one.
 */
class LauncherHelpTest {

    @TempDir
    Path release;

    Path jar;

    record Result(int code, String out) {}

    @BeforeEach
    void layOut() throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        jar = LauncherRelease.layOut(release);
        Manifest m = LauncherRelease.manifest(WdlbatchMain.class);
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toString());
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            // the manifest is the whole jar
        }
        // the build step itself, with the JVM running this test
        Process p = new ProcessBuilder("bash", repo.resolve("orchestrator-image/src/build/help-text.sh").toString(),
                javaBin(), jar.toString()).inheritIO().start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(release.resolve("lib/wdlbatch.help")).isNotEmptyFile();
        assertThat(release.resolve("lib/wdlbatch.help.ansi")).isNotEmptyFile();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs the launcher with {@code env}; {@code java} is the JVM it may start (a missing one fails any start). */
    Result launch(String java, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        for (String name : List.of("WDLBATCH_JAVA_OPTS", "NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "ConEmuANSI")) {
            pb.environment().remove(name);
        }
        pb.environment().put("WDLBATCH_NO_CDS", "1");
        pb.environment().put("JAVA", java);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    Result launcher(String java, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(release.resolve("bin/wdlbatch").toString()));
        cmd.addAll(List.of(args));
        return launch(java, env, cmd.toArray(String[]::new));
    }

    /** What the JVM prints for {@code --help} in the same environment. */
    Result jvm(Map<String, String> env) throws IOException, InterruptedException {
        return launch(javaBin(), env, javaBin(), "-jar", jar.toString(), "--help");
    }

    @Test
    void helpWithoutAJvmIsTheJvmsHelpUnderEachColourChoice() throws Exception {
        String plain = Files.readString(release.resolve("lib/wdlbatch.help"));
        String ansi = Files.readString(release.resolve("lib/wdlbatch.help.ansi"));
        assertThat(plain).startsWith("Usage: wdlbatch").contains("input_template").doesNotContain("\u001b[");
        assertThat(ansi).contains("\u001b[").contains("input_template");
        List<Map<String, String>> choices = List.of(Map.of(), Map.of("NO_COLOR", ""), Map.of("CLICOLOR_FORCE", "1"),
                Map.of("CLICOLOR_FORCE", "0"), Map.of("NO_COLOR", "1", "CLICOLOR_FORCE", "1"), Map.of("CLICOLOR", "0"));
        for (Map<String, String> env : choices) {
            // JAVA names no JVM: any output came from the text, not from a JVM
            Result fast = launcher("/nonexistent/java", env, "--help");
            assertThat(fast.code()).as("%s", env).isZero();
            assertThat(fast.out()).as("%s", env).isEqualTo(jvm(env).out());
            assertThat(launcher("/nonexistent/java", env, "-h").out()).as("-h %s", env).isEqualTo(fast.out());
        }
        assertThat(launcher("/nonexistent/java", Map.of("CLICOLOR_FORCE", "1"), "--help").out()).isEqualTo(ansi);
        assertThat(launcher("/nonexistent/java", Map.of(), "--help").out()).isEqualTo(plain);
    }

    @Test
    void onATerminalTheStyledTextIsPrintedAsTheJvmWould() throws Exception {
        // util-linux `script` gives the command a pseudo-terminal for stdin and stdout, as a user's shell has
        Map<String, String> env = new HashMap<>();
        String fast = launch("/nonexistent/java", env, "script", "-qec",
                release.resolve("bin/wdlbatch") + " --help", "/dev/null").out();
        String jvm = launch(javaBin(), env, "script", "-qec",
                javaBin() + " -jar " + jar + " --help", "/dev/null").out();
        assertThat(fast).contains("\u001b[").isEqualTo(jvm);
    }

    @Test
    void anythingThatCouldChangeTheTextStartsTheJvm() throws Exception {
        // JVM options (e.g. -Dpicocli.ansi=true): the JVM, here one that is missing, so the launcher fails
        assertThat(launcher("/nonexistent/java", Map.of("WDLBATCH_JAVA_OPTS", "-Dpicocli.usage.width=120"), "--help").code())
                .isNotZero();
        // more than --help
        assertThat(launcher("/nonexistent/java", Map.of(), "--help", "--verbose").code()).isNotZero();
        // a jar newer than the text (a rebuild that did not write it): the JVM, and its help
        Files.setLastModifiedTime(jar, FileTime.fromMillis(
                Files.getLastModifiedTime(release.resolve("lib/wdlbatch.help")).toMillis() + 10_000));
        assertThat(launcher("/nonexistent/java", Map.of(), "--help").code()).isNotZero();
        Result real = launcher(javaBin(), Map.of(), "--help");
        assertThat(real.code()).isZero();
        assertThat(real.out()).isEqualTo(jvm(Map.of()).out());
        // no text at all
        Files.delete(release.resolve("lib/wdlbatch.help"));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
        assertThat(launcher("/nonexistent/java", Map.of(), "--help").code()).isNotZero();
    }
}
