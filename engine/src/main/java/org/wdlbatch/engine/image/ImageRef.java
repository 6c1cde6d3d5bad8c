package org.wdlbatch.engine.image;

import java.util.Locale;

/**
 * A container image reference split as Docker does ({@code [registry/]repository[:tag][@digest]}): the first
 * path component is a registry host when it has a '.' or a ':' or is {@code localhost}; otherwise the image is on
 * Docker Hub, where a one-component name lives under {@code library/}. No tag means {@code latest}.
 * Reference grammar: https://github.com/distribution/reference/blob/main/reference.go
 *
 * @param registry the registry host[:port], {@code docker.io} for Docker Hub
 * @param repository the repository path in that registry
 * @param tag the tag ({@code latest} when none is written)
 * @param digest the digest written in the reference ({@code sha256:...}), or null
 */
public record ImageRef(String text, String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";

    public static ImageRef parse(String image) {
        String rest = image.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = "latest";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        return new ImageRef(image, registry.toLowerCase(Locale.ROOT), rest, tag, digest);
    }

    /** Whether the reference pins a digest already (then nothing needs resolving: the digest is the identity). */
    public boolean pinned() {
        return digest != null;
    }
}
