package org.wdlbatch.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image digests from a real registry protocol (an HTTP server on this machine speaking the distribution API with
 * Docker Hub's anonymous token flow), once per run, and the tag with a note when nothing answers.
 */
class ImageDigestsTest {

    private HttpServer registry;
    private final AtomicReference<String> digest = new AtomicReference<>("sha256:" + "a".repeat(64));
    private final AtomicInteger heads = new AtomicInteger();

    @BeforeEach
    void startRegistry() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String realm = "http://127.0.0.1:" + registry.getAddress().getPort() + "/token";
        registry.createContext("/token", x -> {
            boolean scoped = x.getRequestURI().getRawQuery().contains("scope=repository%3Atools%2Faligner%3Apull");
            byte[] body = (scoped ? "{\"token\": \"anon-123\"}" : "{}").getBytes();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        registry.createContext("/v2/", x -> {
            heads.incrementAndGet();
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (!"Bearer anon-123".equals(auth)) {
                x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + realm
                        + "\",service=\"test-registry\",scope=\"repository:tools/aligner:pull\"");
                x.sendResponseHeaders(401, -1);
            } else if (x.getRequestMethod().equals("HEAD")
                    && x.getRequestURI().getPath().equals("/v2/tools/aligner/manifests/prod")
                    && x.getRequestHeaders().getFirst("Accept").contains("manifest.list.v2+json")) {
                x.getResponseHeaders().add("Docker-Content-Digest", digest.get());
                x.sendResponseHeaders(200, -1);
            } else {
                x.sendResponseHeaders(404, -1);
            }
            x.close();
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
    }

    private String image() {
        return "127.0.0.1:" + registry.getAddress().getPort() + "/tools/aligner:prod";
    }

    @Test
    void aTagResolvesThroughTheAnonymousTokenFlowOncePerRun() {
        ImageDigests run = new ImageDigests(List.of(new RegistryManifestLookup(Duration.ofSeconds(5))));
        ImageDigests.Resolution r = run.resolve(image());
        assertThat(r.digest()).as(r.logLine()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(r.source()).isEqualTo("registry");
        assertThat(r.logLine()).isEqualTo("image_digest " + image() + " sha256:" + "a".repeat(64) + " (registry)");
        int asked = heads.get();
        digest.set("sha256:" + "b".repeat(64)); // pushed while the run goes on: the run keeps what it saw
        assertThat(run.resolve(image()).digest()).isEqualTo(r.digest());
        assertThat(heads.get()).isEqualTo(asked);

        // the next run sees the new image, so its cache key differs
        ImageDigests next = new ImageDigests(List.of(new RegistryManifestLookup(Duration.ofSeconds(5))));
        assertThat(next.resolve(image()).cacheIdentity()).isEqualTo("sha256:" + "b".repeat(64))
                .isNotEqualTo(r.cacheIdentity());
    }

    @Test
    void anUnreachableRegistryFallsBackToTheTagWithTheReason() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens there once closed
        }
        String image = "127.0.0.1:" + closed + "/tools/aligner:prod";
        ImageDigests.Resolution r = new ImageDigests(List.of(new RegistryManifestLookup(Duration.ofSeconds(2))))
                .resolve(image);
        assertThat(r.digest()).isNull();
        assertThat(r.cacheIdentity()).isEqualTo("tag " + image);
        assertThat(r.logLine()).startsWith("image_digest " + image + " unresolved: registry: ")
                .endsWith("; the call cache keys it by its tag");
    }

    @Test
    void anUnknownTagIsNotFoundAndAPinnedDigestNeedsNoLookup() {
        ImageDigests run = new ImageDigests(List.of(new RegistryManifestLookup(Duration.ofSeconds(5))));
        String missing = image().replace(":prod", ":nope");
        assertThat(run.resolve(missing).note()).contains("HTTP 404");
        String pinned = "ubuntu@sha256:" + "c".repeat(64);
        assertThat(run.resolve(pinned).digest()).isEqualTo("sha256:" + "c".repeat(64));
        assertThat(run.resolve(pinned).source()).isEqualTo("pinned");
    }

    @Test
    void referencesSplitAsDockerDoes() {
        assertThat(ImageRef.parse("ubuntu")).isEqualTo(new ImageRef("ubuntu", "docker.io", "library/ubuntu",
                "latest", null));
        assertThat(ImageRef.parse("biocontainers/samtools:1.9")).extracting(ImageRef::registry, ImageRef::repository,
                ImageRef::tag).containsExactly("docker.io", "biocontainers/samtools", "1.9");
        assertThat(ImageRef.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/tool:prod"))
                .extracting(ImageRef::registry, ImageRef::repository, ImageRef::tag)
                .containsExactly("123456789012.dkr.ecr.us-east-1.amazonaws.com", "team/tool", "prod");
        assertThat(ImageRef.parse("localhost:5000/x")).extracting(ImageRef::registry, ImageRef::repository,
                ImageRef::tag).containsExactly("localhost:5000", "x", "latest");
        assertThat(RegistryManifestLookup.base("docker.io")).isEqualTo("https://registry-1.docker.io");
        assertThat(RegistryManifestLookup.base("localhost:5000")).isEqualTo("http://localhost:5000");
        assertThat(RegistryManifestLookup.base("quay.io")).isEqualTo("https://quay.io");
    }
}
