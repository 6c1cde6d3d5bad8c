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
            List<Image> images = new java.util.ArrayList<>(r.imageTags.stream()
                    .map(tag -> new Image(digestOf(r.name + ":" + tag), List.of(tag), now)).toList());
            repositories.put(r.name, new Repository(r.name, now, images));
        }
    }

    public synchronized Repository repository(String name) {
        Repository r = repositories.get(name);
        return r == null ? null : new Repository(r.name(), r.createdAt(), List.copyOf(r.images()));
    }

    /** What {@link #put} did. */
    public enum PutResult { PUSHED, ALREADY_THERE }

    /**
     * A push of {@code digest} under {@code tag} (PutImage): the tag moves to that image, leaving the image it named
     * before untagged, as in ECR with tag mutability MUTABLE (the only mutability this emulator's repositories have).
     * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
     */
    public synchronized PutResult put(String repository, String digest, String tag) {
        Repository r = repositories.get(repository);
        List<Image> images = r.images();
        for (Image i : images) {
            if (i.digest().equals(digest) && (tag == null || i.tags().contains(tag))) {
                return PutResult.ALREADY_THERE;
            }
        }
        long now = System.currentTimeMillis() / 1000;
        for (int n = 0; n < images.size(); n++) {
            Image i = images.get(n);
            if (tag != null && i.tags().contains(tag)) {
                List<String> rest = new java.util.ArrayList<>(i.tags());
                rest.remove(tag);
                images.set(n, new Image(i.digest(), List.copyOf(rest), i.pushedAt()));
            }
        }
        Image existing = images.stream().filter(i -> i.digest().equals(digest)).findFirst().orElse(null);
        if (existing != null) {
            List<String> tags = new java.util.ArrayList<>(existing.tags());
            tags.add(tag);
            images.set(images.indexOf(existing), new Image(digest, List.copyOf(tags), existing.pushedAt()));
        } else {
            images.add(new Image(digest, tag == null ? List.of() : List.of(tag), now));
        }
        return PutResult.PUSHED;
    }

    public synchronized List<Repository> repositories() {
        return List.copyOf(repositories.values());
    }

    public static String digestOf(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
