package org.wdlbatch.engine.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The image the local container engine would run for a tag: {@code docker|podman image inspect}'s image ID (the
 * digest of the image's configuration, which changes with any change to the image). Locally that is the exact
 * identity of what runs, also for images built here and never pushed; a tag not pulled yet is not found here and
 * the next lookup (the registry) answers for what the engine will pull.
 */
public final class LocalEngineLookup implements DigestLookup {

    private final String tool;

    /** @param tool {@code docker} or {@code podman} */
    public LocalEngineLookup(String tool) {
        this.tool = tool;
    }

    @Override
    public String source() {
        return tool + " image inspect";
    }

    @Override
    public Optional<String> digest(ImageRef ref) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(tool, "image", "inspect", "--format", "{{.Id}}", ref.text()))
                .redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(tool + " image inspect did not answer in 30 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            return Optional.empty(); // not here (yet): the engine pulls it, the registry answers for it
        }
        // docker prints sha256:<hex>, podman the bare hex
        return Optional.of(out.startsWith("sha256:") ? out : "sha256:" + out);
    }
}
