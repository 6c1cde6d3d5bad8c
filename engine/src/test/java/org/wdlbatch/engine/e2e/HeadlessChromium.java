package org.wdlbatch.engine.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, as the report's browser tests use it ({@code .ci/chromium-setup} installs it):
 * the DOM after the page's scripts ran, and a screenshot.
 */
final class HeadlessChromium {

    private final Path binary;
    private final Path profile;

    private HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    /** The chromium on the PATH, or null when there is none. */
    static HeadlessChromium find(Path scratch) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return new HeadlessChromium(p, scratch.resolve("chromium-profile"));
                }
            }
        }
        return null;
    }

    /** The document's DOM once loaded and its scripts ran ({@code --dump-dom}). */
    String dumpDom(Path html) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", html.toUri().toString()));
    }

    /** A PNG of the page in a {@code width} x {@code height} window. */
    void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", html.toUri().toString()));
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "--headless", "--disable-gpu",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        if ("root".equals(System.getProperty("user.name"))) {
            argv.add("--no-sandbox"); // chromium refuses to run as root with its sandbox
        }
        argv.addAll(args);
        Path errLog = Files.createTempFile("chromium", ".log");
        Process p = new ProcessBuilder(argv).redirectError(errLog.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 180 s: " + argv);
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited " + p.exitValue() + ": " + Files.readString(errLog));
        }
        Files.deleteIfExists(errLog);
        return new String(out, StandardCharsets.UTF_8);
    }
}
