package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/wdlbatch and its class-data sharing archive (bin/cds-launch.sh), as a release lays them out (bin/, lib/), with
 * a small jar in place of wdlbatch.jar: the launcher runs with and without an archive, makes one from the class list,
 * and a corrupt archive or one made by another JVM never breaks a run nor adds output.
 */
class LauncherCdsTest {

    @TempDir
    Path release;

    Path jar;
    Path jsa;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void layOut() throws IOException {
        jar = LauncherRelease.layOut(release);
        Manifest m = LauncherRelease.manifest(LauncherProbe.class);
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m);
             InputStream in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
        }
        jsa = release.resolve("lib/wdlbatch.jsa");
    }

    Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(release.resolve("bin/wdlbatch").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("WDLBATCH_NO_CDS");
        pb.environment().remove("WDLBATCH_JAVA_OPTS");
        // the JVM running this test, as the build's archive is made by the JVM running the build
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/wdlbatch did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** A class list as the build writes one: the classes of a run of the probe. */
    void writeClassList() throws IOException {
        Files.writeString(release.resolve("lib/wdlbatch.classlist"), "java/lang/Object\njava/lang/String\n"
                + LauncherProbe.class.getName().replace('.', '/') + "\n");
    }

    @Test
    void versionRunsWithoutAnArchiveAndMakesNoneFromAVersionRun() throws Exception {
        assertThat(launch(Map.of(), "--version")).isEqualTo(new Result(0, "probe --version\n", ""));
        assertThat(jsa).doesNotExist();
        assertThat(launch(Map.of("WDLBATCH_NO_CDS", "1"), "--version")).isEqualTo(new Result(0, "probe --version\n", ""));
    }

    @Test
    void theArchiveIsMadeFromTheClassListAndUsed() throws Exception {
        writeClassList();
        assertThat(launch(Map.of(), "--version")).isEqualTo(new Result(0, "probe --version\n", ""));
        assertThat(jsa).exists();
        assertThat(Files.readAllLines(release.resolve("lib/wdlbatch.jsa.jvm")))
                .first().asString().startsWith(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString());
        assertThat(Files.readString(release.resolve("lib/wdlbatch.jsa.jvm"))).contains("version \"17");
        // with the archive: the probe's class comes from it
        Result shared = launch(Map.of("WDLBATCH_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(shared.out()).contains("org.wdlbatch.cli.LauncherProbe source: shared objects file")
                .contains("probe --version\n");
        assertThat(launch(Map.of(), "--version")).isEqualTo(new Result(0, "probe --version\n", ""));
    }

    @Test
    void aCorruptArchiveStillRunsSilently() throws Exception {
        writeClassList();
        launch(Map.of(), "--version");
        byte[] garbage = new byte[4096];
        java.util.Arrays.fill(garbage, (byte) 7);
        jsa.toFile().setWritable(true);
        Files.write(jsa, garbage);
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(launch(Map.of(), "--version")).isEqualTo(new Result(0, "probe --version\n", ""));
        assertThat(launch(Map.of(), "check", "x.wdl")).isEqualTo(new Result(0, "probe check x.wdl\n", ""));
    }

    @Test
    void anArchiveOfAnotherJvmIsNotUsedButMadeAgain() throws Exception {
        writeClassList();
        launch(Map.of(), "--version");
        Path record = release.resolve("lib/wdlbatch.jsa.jvm");
        Files.writeString(record, "/opt/another/jdk/bin/java 1 1\nopenjdk version \"17.0.1\"\n");
        assertThat(launch(Map.of(), "--version")).isEqualTo(new Result(0, "probe --version\n", ""));
        assertThat(Files.readString(record)).doesNotContain("/opt/another");
    }

    @Test
    void aJdkUpdatedInPlaceIsToldByItsLibjvmAndGetsANewArchive() throws Exception {
        // a JDK laid out as one is (bin/java, lib/server/libjvm.so), its java running this test's JVM
        Path jdk = release.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib/server"));
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        java.toFile().setExecutable(true);
        Path libjvm = Files.writeString(jdk.resolve("lib/server/libjvm.so"), "the JVM");
        Files.setLastModifiedTime(libjvm, FileTime.fromMillis(1_700_000_000_000L));
        // reached through a symbolic link, as /usr/bin/java is
        Path link = Files.createSymbolicLink(release.resolve("java-link"), java);
        writeClassList();
        Map<String, String> env = Map.of("JAVA", link.toString());
        assertThat(launch(env, "--version")).isEqualTo(new Result(0, "probe --version\n", ""));
        Path record = release.resolve("lib/wdlbatch.jsa.jvm");
        assertThat(Files.getLastModifiedTime(record).toMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(launch(Map.of("JAVA", link.toString(), "WDLBATCH_JAVA_OPTS", "-Xlog:class+load=info"), "--version").out())
                .contains("org.wdlbatch.cli.LauncherProbe source: shared objects file");
        FileTime made = Files.getLastModifiedTime(jsa);
        // a file system keeping coarser times than libjvm.so's: the record's copied mtime lost its fraction; the
        // size and mtime recorded as text still tell it is this JVM: the archive is used, not made again
        Files.setLastModifiedTime(libjvm, FileTime.fromMillis(1_700_000_000_700L));
        Files.setLastModifiedTime(record, FileTime.fromMillis(1_700_000_000_000L));
        assertThat(launch(Map.of("JAVA", link.toString(), "WDLBATCH_JAVA_OPTS", "-Xlog:class+load=info"), "--version").out())
                .contains("org.wdlbatch.cli.LauncherProbe source: shared objects file");
        assertThat(Files.getLastModifiedTime(jsa)).isEqualTo(made);
        // the update: same path, another libjvm.so
        Files.setLastModifiedTime(libjvm, FileTime.fromMillis(1_750_000_000_000L));
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(made.toMillis() - 5_000));
        assertThat(launch(env, "--version")).isEqualTo(new Result(0, "probe --version\n", ""));
        assertThat(Files.getLastModifiedTime(record).toMillis()).isEqualTo(1_750_000_000_000L);
        assertThat(Files.getLastModifiedTime(jsa)).isGreaterThan(FileTime.fromMillis(made.toMillis() - 5_000));
    }

    @Test
    void withoutAClassListARealRunRecordsOneAndTheNextRunUsesTheArchive() throws Exception {
        assertThat(launch(Map.of(), "check", "x.wdl")).isEqualTo(new Result(0, "probe check x.wdl\n", ""));
        assertThat(release.resolve("lib/wdlbatch.classlist")).content().contains("org/wdlbatch/cli/LauncherProbe");
        assertThat(jsa).exists();
        Result shared = launch(Map.of("WDLBATCH_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(shared.out()).contains("org.wdlbatch.cli.LauncherProbe source: shared objects file");
    }
}
