package org.wdlbatch.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.backend.PodmanTestImage;

/**
 * With a local container engine the call cache keys a call by the image its tag names on this machine: retagging
 * (a new build under the same tag) runs the task again; the digest is in task.log. Skipped without podman.
 */
class PodmanImageDigestTest {

    private static final String TAG = "localhost/wdlbatch-digest-test:moving";

    @TempDir
    Path tmp;

    @AfterEach
    void untag() throws Exception {
        podman("rmi", "-f", TAG);
    }

    @Test
    void aRetaggedImageIsACacheMissAndTheDigestIsLogged() throws Exception {
        String base = PodmanTestImage.image();
        RunFixture f = new RunFixture(tmp);
        Path wdl = f.write("t.wdl", """
                version 1.1
                task hello {
                  command <<< cat /wdlbatch-test-image >>>
                  output { String said = read_string(stdout()) }
                  runtime { container: "TAG" }
                }
                """.replace("TAG", TAG));
        Map<String, String> env = Map.of("WDLBATCH__TASK_RUNTIME__CONTAINER_BACKEND", "podman",
                "WDLBATCH__CALL_CACHE__IMAGE_DIGEST_TIMEOUT", "2");
        assertThat(podman("tag", base, TAG)).isZero();
        String first = podmanOut("image", "inspect", "--format", "{{.Id}}", TAG);

        Runner.Outcome one = f.run(wdl, "hello", env);
        assertThat(one.succeeded()).as(String.valueOf(one.failure())).isTrue();
        assertThat(taskLog(one)).contains("image_digest " + TAG + " sha256:" + first + " (podman image inspect)");

        Runner.Outcome again = f.run(wdl, "hello", env);
        assertThat(taskLog(again)).contains("call cache hit");

        // a new image under the same tag (a label changes its configuration, so its ID)
        Path context = Files.createDirectories(tmp.resolve("build"));
        Files.writeString(context.resolve("Containerfile"), "FROM " + base + "\nLABEL rebuilt=yes\n");
        assertThat(podman("build", "--pull=never", "-t", TAG, context.toString())).isZero();
        String second = podmanOut("image", "inspect", "--format", "{{.Id}}", TAG);
        assertThat(second).isNotEqualTo(first);

        Runner.Outcome moved = f.run(wdl, "hello", env);
        assertThat(moved.succeeded()).isTrue();
        assertThat(taskLog(moved)).doesNotContain("call cache hit")
                .contains("image_digest " + TAG + " sha256:" + second);
    }

    private static String taskLog(Runner.Outcome o) throws Exception {
        return Files.readString(o.runDir().path().resolve("call-hello/task.log"));
    }

    private static int podman(String... args) throws Exception {
        Process p = new ProcessBuilder(cmd(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static String podmanOut(String... args) throws Exception {
        Process p = new ProcessBuilder(cmd(args)).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<String> cmd(String... args) {
        List<String> c = new java.util.ArrayList<>(List.of("podman"));
        c.addAll(List.of(args));
        return c;
    }
}
