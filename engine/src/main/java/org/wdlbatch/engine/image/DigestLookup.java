package org.wdlbatch.engine.image;

import java.util.Optional;

/** One way of finding the digest a tag points at now: a registry, an AWS API, the local container engine. */
public interface DigestLookup {

    /** For task.log: where the digest came from, e.g. {@code registry}, {@code ecr}, {@code podman}. */
    String source();

    /**
     * The digest ({@code sha256:...}) {@code ref} stands for; empty when this lookup does not serve such images
     * (an ECR lookup and a Docker Hub image), so the next one is asked.
     *
     * @throws Exception why the lookup failed (unreachable, refused, no such image): the next one is asked, and
     *     the reason is noted if none answers
     */
    Optional<String> digest(ImageRef ref) throws Exception;
}
