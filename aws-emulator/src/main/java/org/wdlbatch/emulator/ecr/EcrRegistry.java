package org.wdlbatch.emulator.ecr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.emulator.world.EcrRepositoryConfig;

/**
 * The private registry of the emulated account: repositories and their images, seeded from the config. An image
 * is a digest with its tags; the digest is derived from the repository and tag, so it stays the same across
 * restarts (no manifests are stored: nothing here pulls).
 */
public final class EcrRegistry {

    /** One image: its {@code sha256:} digest and tags. */
    public record Image(String digest, List<String> tags, long pushedAt) {}

    /** One repository and its images, in push order. */
    public record Repository(String name, long createdAt, List<Image> images) {}

    private final Map<String, Repository> repositories = new LinkedHashMap<>();

    public EcrRegistry(List<EcrRepositoryConfig> seed) {
        long now = System.currentTimeMillis() / 1000;
        for (EcrRepositoryConfig r : seed) {
            List<Image> images = r.imageTags.stream()
                    .map(tag -> new Image(digestOf(r.name + ":" + tag), List.of(tag), now)).toList();
            repositories.put(r.name, new Repository(r.name, now, images));
        }
    }

    public synchronized Repository repository(String name) {
        return repositories.get(name);
    }

    public synchronized List<Repository> repositories() {
        return List.copyOf(repositories.values());
    }

    static String digestOf(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
