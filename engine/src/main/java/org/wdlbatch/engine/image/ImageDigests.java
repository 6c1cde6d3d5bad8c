package org.wdlbatch.engine.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The digests of a run's task images, each resolved once per run (a 10,000-call scatter asks 10,000 times and its
 * registry must not see 10,000 requests; and every call of the run sees the same answer). A tag names whatever
 * was pushed last, so the call cache keys calls by the digest: a moved {@code ubuntu:latest} or
 * {@code myrepo/tool:prod} runs its tasks again instead of reusing results made with the old image.
 *
 * <p>The lookups are asked in order; the first answer wins. When none answers (offline, a private registry
 * without credentials) the tag itself is the key, as before, and the resolution says why in its note.
 */
public final class ImageDigests {

    /**
     * How an image was resolved.
     *
     * @param digest {@code sha256:...}, or null when no lookup answered (the tag is used)
     * @param source which lookup answered ({@code pinned} for a reference with a digest written in it)
     * @param note why the tag is used, when it is
     */
    public record Resolution(String image, String digest, String source, String note) {

        /** What the call cache keys the image by: its digest, or its tag when there is none. */
        public String cacheIdentity() {
            return digest != null ? digest : "tag " + image;
        }

        /** The task.log line. */
        public String logLine() {
            return digest != null ? "image_digest " + image + " " + digest + " (" + source + ")"
                    : "image_digest " + image + " unresolved: " + note + "; the call cache keys it by its tag";
        }
    }

    public static final ImageDigests NONE = new ImageDigests(List.of());

    private final List<DigestLookup> lookups;
    private final java.util.function.Consumer<Resolution> onResolved;
    private final Map<String, Resolution> resolved = new ConcurrentHashMap<>();

    public ImageDigests(List<DigestLookup> lookups) {
        this(lookups, r -> { });
    }

    /** {@code onResolved} hears each image's resolution once (the run's ledger records it for the report). */
    public ImageDigests(List<DigestLookup> lookups, java.util.function.Consumer<Resolution> onResolved) {
        this.lookups = List.copyOf(lookups);
        this.onResolved = onResolved;
    }

    /** False when there is nothing to ask (tasks run on the host, or resolution is turned off). */
    public boolean enabled() {
        return !lookups.isEmpty();
    }

    /** The image's resolution, looked up on the first call for that image of the run. */
    public Resolution resolve(String image) {
        return resolved.computeIfAbsent(image, i -> {
            Resolution r = lookUp(i);
            onResolved.accept(r);
            return r;
        });
    }

    private Resolution lookUp(String image) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(image);
        } catch (RuntimeException e) {
            return new Resolution(image, null, null, "not an image reference (" + e.getMessage() + ")");
        }
        if (ref.pinned()) {
            return new Resolution(image, ref.digest(), "pinned", null);
        }
        List<String> why = new ArrayList<>();
        for (DigestLookup l : lookups) {
            try {
                Optional<String> d = l.digest(ref);
                if (d.isPresent()) {
                    return new Resolution(image, d.get(), l.source(), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why.add(l.source() + ": interrupted");
                break;
            } catch (Exception e) {
                why.add(l.source() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        return new Resolution(image, null, null, why.isEmpty() ? "no lookup serves this registry"
                : String.join("; ", why));
    }
}
