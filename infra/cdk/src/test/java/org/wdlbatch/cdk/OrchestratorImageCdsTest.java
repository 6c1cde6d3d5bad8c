package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator image's class-data sharing with real processes, the host's JVM standing in for the image's: the
 * build context that {@link OrchestratorImage} stages (this build's wdlbatch.jar and class list) is laid out under a
 * temporary root as the Dockerfile's COPY lines place it, the Dockerfile's dump step runs, then the entrypoint. The
 * archive maps (picocli's classes come from it, under -Xshare:on, which fails when it cannot map), and a dump that
 * fails, a corrupt archive, an archive of another JVM or of a jar elsewhere never break a start. (The docker build
 * itself cannot run here: no Docker engine.) Needs orchestrator-image/target/wdlbatch.jar and wdlbatch.classlist.
 */
class OrchestratorImageCdsTest {

    static final Path JAR = Path.of(OrchestratorImage.DEFAULT_JAR).toAbsolutePath().normalize();
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    static Path work;

    static Path context;
    /** The image's / with the archive made by the dump step. */
    static Path image;
    static Result dump;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void buildTheImage() throws Exception {
        assertThat(JAR).as("build it first: ./mvnw -B -q -pl orchestrator-image -am package -DskipTests")
                .isRegularFile();
        assertThat(OrchestratorImage.classList(JAR)).isNotEmptyFile();
        context = OrchestratorImage.buildContext(JAR);
        image = layOut(work.resolve("image"));
        dump = runTheDumpStep(image);
        Files.writeString(work.resolve("hi.wdl"), """
                version 1.1
                task hi { input { String who } command <<< echo "hello ~{who}" >>> output { String said = read_string(stdout()) } }
                workflow w { input { String who = "cds" } call hi { input: who = who } output { String said = hi.said } }
                """);
    }

    @Test
    void theDumpStepWritesTheArchiveAndTheJvmThatMadeIt() throws IOException {
        assertThat(dump.code()).as(dump.err()).isZero();
        assertThat(dump.out()).contains("wdlbatch-cds: " + image.resolve("app/wdlbatch.jsa"));
        assertThat(dump.err()).isEmpty();
        assertThat(image.resolve("app/wdlbatch.jsa")).isNotEmptyFile();
        List<String> jvm = Files.readAllLines(image.resolve("app/wdlbatch.jsa.jvm"));
        // the java on PATH (the image's), by its real path, with its libjvm.so's size and mtime; then java -version
        assertThat(jvm.get(0)).matches(java.util.regex.Pattern.quote(JAVA.toRealPath().toString()) + " \\d+ \\d+");
        assertThat(jvm.get(1)).contains("version");
    }

    @Test
    void theEntrypointMapsTheArchivePicocliIncluded() throws Exception {
        Path log = work.resolve("version.log");
        Result version = entrypoint(image, "-Xshare:on -Xlog:class+load=info:file=" + log, "wdlbatch", "--version");
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("wdlbatch ");
        assertThat(version.err()).isEmpty();
        assertPicocliFromTheArchive(log);

        Path checkLog = work.resolve("check.log");
        Result check = entrypoint(image, "-Xshare:on -Xlog:class+load=info:file=" + checkLog, "check",
                work.resolve("hi.wdl").toString());
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("hi.wdl: ok");
        assertPicocliFromTheArchive(checkLog);
        assertThat(Files.readString(checkLog)).containsPattern("org\\.wdlbatch\\.wdl\\.\\S+ source: shared objects file");
    }

    @Test
    void aDumpThatFailsLeavesAnImageThatRunsWithoutAnArchive() throws Exception {
        Path root = layOut(work.resolve("no-dump"));
        // a JVM that cannot dump (nor be told): the step still succeeds, says so, and leaves no archive
        Result failed = run(root, List.of("bash", root.resolve("app/wdlbatch-cds.sh").toString(),
                root.resolve("app").toString(), "/bin/false"), Map.of());
        assertThat(failed.code()).isZero();
        assertThat(failed.err()).contains("no archive made").contains("runs without one");
        assertThat(root.resolve("app/wdlbatch.jsa")).doesNotExist();
        assertThat(root.resolve("app/wdlbatch.jsa.jvm")).doesNotExist();
        assertRunsWithTheJdksOwnArchiveOnly(root);

        // no class list (a jar from elsewhere): the same
        Files.writeString(root.resolve("app/wdlbatch.classlist"), "");
        Result empty = run(root, List.of("bash", root.resolve("app/wdlbatch-cds.sh").toString(),
                root.resolve("app").toString()), Map.of());
        assertThat(empty.code()).isZero();
        assertThat(empty.err()).contains("no class list").contains("runs without an archive");
        assertThat(root.resolve("app/wdlbatch.jsa")).doesNotExist();
    }

    @Test
    void anArchiveOfAnotherJvmIsNotPassed() throws Exception {
        Path root = copyOf(image, work.resolve("other-jvm"));
        Path fingerprint = root.resolve("app/wdlbatch.jsa.jvm");
        List<String> lines = new ArrayList<>(Files.readAllLines(fingerprint));
        lines.set(0, "/opt/java/openjdk/bin/java 1 2");
        Files.write(fingerprint, lines);
        // not passed: the JDK's own archive still maps (a JVM given an archive it rejects shares nothing)
        assertRunsWithTheJdksOwnArchiveOnly(root);
    }

    @Test
    void aCorruptArchiveRunsAsWithoutOne() throws Exception {
        Path root = copyOf(image, work.resolve("corrupt"));
        Path jsa = root.resolve("app/wdlbatch.jsa");
        jsa.toFile().setWritable(true);
        byte[] junk = new byte[1 << 16];
        Arrays.fill(junk, (byte) 0x5a);
        Files.write(jsa, junk);
        assertRunsWithoutError(root);
    }

    @Test
    void anArchiveOfTheJarElsewhereRunsAsWithoutOne() throws Exception {
        // this JVM's archive, but made for the jar at another path: passed, rejected by the JVM, no error
        Path root = copyOf(image, work.resolve("moved"));
        assertThat(Files.readAllLines(root.resolve("app/wdlbatch.jsa.jvm")).get(0))
                .isEqualTo(Files.readAllLines(image.resolve("app/wdlbatch.jsa.jvm")).get(0));
        assertRunsWithoutError(root);
    }

    private static void assertPicocliFromTheArchive(Path log) throws IOException {
        List<String> picocli = Files.readAllLines(log).stream().filter(l -> l.contains(" picocli.")).toList();
        assertThat(picocli).anyMatch(l -> l.contains(" picocli.CommandLine source: shared objects file"));
        long shared = picocli.stream().filter(l -> l.endsWith("source: shared objects file")).count();
        // the point of a static archive: picocli's Java 5 classes are in it (a dynamic one leaves them out)
        assertThat(shared).as("picocli classes from the archive").isGreaterThan(picocli.size() - shared);
    }

    private static void assertRunsWithTheJdksOwnArchiveOnly(Path root) throws Exception {
        Path log = root.resolve("classes.log");
        Result r = entrypoint(root, "-Xlog:class+load=info:file=" + log, "--version");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wdlbatch ");
        assertThat(r.err()).isEmpty();
        String classes = Files.readString(log);
        assertThat(classes).contains("java.lang.Object source: shared objects file")
                .containsPattern("picocli\\.CommandLine source: (jar|file):")
                .doesNotContain("picocli.CommandLine source: shared objects file");
    }

    private static void assertRunsWithoutError(Path root) throws Exception {
        Result version = entrypoint(root, "", "--version");
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("wdlbatch ");
        assertThat(version.err()).isEmpty();
        Result check = entrypoint(root, "", "check", work.resolve("hi.wdl").toString());
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("hi.wdl: ok");
        assertThat(check.err()).isEmpty();
    }

    /** The build context placed under root as the Dockerfile's COPY lines place it in the image. */
    static Path layOut(Path root) throws IOException {
        for (String line : Files.readAllLines(context.resolve("Dockerfile"))) {
            if (!line.startsWith("COPY ")) {
                continue;
            }
            List<String> words = List.of(line.substring(5).trim().split("\\s+"));
            String to = words.get(words.size() - 1);
            for (String from : words.subList(0, words.size() - 1)) {
                Path target = inImage(root, to.endsWith("/") ? to + from : to);
                Files.createDirectories(target.getParent());
                Files.copy(context.resolve(from), target);
            }
        }
        inImage(root, "/usr/local/bin/wdlbatch").toFile().setExecutable(true);
        assertThat(root.resolve("app")).isDirectory();
        return root;
    }

    /** The Dockerfile's RUN line that makes the archive, its absolute paths under root. */
    static Result runTheDumpStep(Path root) throws Exception {
        String step = Files.readAllLines(context.resolve("Dockerfile")).stream()
                .filter(l -> l.startsWith("RUN ") && l.contains("wdlbatch-cds.sh")).findFirst().orElseThrow();
        List<String> command = Stream.of(step.substring(4).trim().split("\\s+"))
                .map(w -> w.startsWith("/") ? inImage(root, w).toString() : w).toList();
        return run(root, command, Map.of());
    }

    static Path inImage(Path root, String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /** A copy with the files' times kept (the entrypoint wants the archive newer than the jar). */
    static Path copyOf(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    /** The image's entrypoint with its /app under root and JAVA_OPTS as given. */
    static Result entrypoint(Path root, String javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(inImage(root, "/usr/local/bin/wdlbatch").toString()));
        command.addAll(List.of(args));
        return run(root, command, Map.of("WDLBATCH_IMAGE_APP", root.resolve("app").toString(), "JAVA_OPTS", javaOpts));
    }

    /** Runs with the host's java first on PATH, as the image's is on its PATH. */
    static Result run(Path root, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.environment().remove("WDLBATCH_NO_CDS");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("PATH", JAVA.getParent() + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
