package org.wdlbatch.engine.backend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The image container tests run their tasks in, built from this machine's own bash and coreutils by
 * {@code src/test/resources/container/build-test-image.sh} (no registry needed). {@link #image()} skips the
 * calling test, with the reason, where podman is missing or cannot run a container.
 */
public final class PodmanTestImage {

    /** Bump the tag when build-test-image.sh changes, so machines that built the old one build it again. */
    public static final String IMAGE = "localhost/wdlbatch-test:1";

    private static String unusable;
    private static boolean checked;

    private PodmanTestImage() {}

    /** The image's name, after making sure podman can run it; otherwise the test is skipped. */
    public static synchronized String image() throws Exception {
        if (!checked) {
            unusable = whyUnusable();
            checked = true;
            if (unusable != null) {
                // Surefire prints only "Skipped: n"; say why once, where CI logs show it.
                System.err.println("[container tests] " + unusable);
            }
        }
        assumeTrue(unusable == null, () -> unusable);
        return IMAGE;
    }

    private static String whyUnusable() throws Exception {
        if (!ContainerCommand.onPath("podman")) {
            return "podman is not installed, so the container tests are skipped (Debian: apt-get install podman runc)";
        }
        if (run("podman", "image", "exists", IMAGE).rc() != 0) {
            Path script = Path.of(PodmanTestImage.class.getResource("/container/build-test-image.sh").toURI());
            Result built = run("bash", script.toString(), "podman", IMAGE);
            if (built.rc() != 0) {
                return "podman cannot import the test image (" + script + "): " + built.output();
            }
        }
        Result probe = run("podman", "run", "--rm", "--network=none", IMAGE, "/bin/bash", "-c",
                "cat /wdlbatch-test-image");
        if (probe.rc() != 0) {
            return "podman is installed but cannot run a container here, so the container tests are skipped; "
                    + "`podman run --rm --network=none " + IMAGE + " /bin/bash -c 'cat /wdlbatch-test-image'` said: "
                    + probe.output().strip() + " (see docs/containers.md for machine settings)";
        }
        return null;
    }

    /** A command's exit status and its stdout and stderr together. */
    public record Result(int rc, String output) {}

    public static Result run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

}
