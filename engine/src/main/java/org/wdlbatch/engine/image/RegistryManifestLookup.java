package org.wdlbatch.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wdlbatch.wdl.json.JsonText;

/**
 * The digest a registry gives for a tag: {@code HEAD /v2/<repository>/manifests/<tag>} answers it in the
 * {@code Docker-Content-Digest} header without sending the manifest, and Docker Hub does not count HEAD requests
 * against its pull limit. A registry that wants a token (Docker Hub, GHCR, quay.io for public images) says where
 * to get one in {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...}; an anonymous token is fetched
 * from there and the HEAD repeated with it.
 * Protocol: https://distribution.github.io/distribution/spec/api/#existing-manifests and
 * https://distribution.github.io/distribution/spec/auth/token/ (Docker Hub:
 * https://docs.docker.com/docker-hub/usage/pulls/ "a HEAD request ... doesn't count").
 *
 * <p>Short timeouts: an unreachable registry costs a run a few seconds per image at most (once per run), after
 * which the tag is used. ECR registries are left to the ECR API (their tokens come from AWS credentials).
 */
public final class RegistryManifestLookup implements DigestLookup {

    /** Manifest lists / indexes first: the digest of a multi-platform tag is the list's, as {@code docker pull} shows. */
    static final String ACCEPT = String.join(", ", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json");
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http;
    private final Duration timeout;

    public RegistryManifestLookup(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String source() {
        return "registry";
    }

    @Override
    public Optional<String> digest(ImageRef ref) throws IOException, InterruptedException {
        if (ref.registry().contains(".dkr.ecr.") && ref.registry().endsWith(".amazonaws.com")) {
            return Optional.empty();
        }
        URI uri = URI.create(base(ref.registry()) + "/v2/" + ref.repository() + "/manifests/" + ref.tag());
        HttpResponse<Void> r = head(uri, null);
        if (r.statusCode() == 401) {
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
            if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new IOException(uri + " wants credentials (" + challenge + ")");
            }
            r = head(uri, anonymousToken(challenge));
        }
        if (r.statusCode() != 200) {
            throw new IOException("HEAD " + uri + ": HTTP " + r.statusCode());
        }
        String digest = r.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (digest == null || !digest.contains(":")) {
            throw new IOException("HEAD " + uri + ": no Docker-Content-Digest header");
        }
        return Optional.of(digest);
    }

    /** Registries on this machine speak plain HTTP, as Docker assumes for localhost; all others HTTPS. */
    static String base(String registry) {
        String host = registry.equals(ImageRef.DOCKER_HUB) ? "registry-1.docker.io" : registry;
        String name = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        boolean local = name.equals("localhost") || name.startsWith("127.");
        return (local ? "http://" : "https://") + host;
    }

    private HttpResponse<Void> head(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** The token service's answer for {@code Bearer realm="...",service="...",scope="..."}, without credentials. */
    private String anonymousToken(String challenge) throws IOException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.remove("realm");
        if (realm == null) {
            throw new IOException("token challenge without a realm: " + challenge);
        }
        StringBuilder url = new StringBuilder(realm);
        char sep = realm.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            url.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(),
                    StandardCharsets.UTF_8));
            sep = '&';
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("anonymous token from " + realm + ": HTTP " + r.statusCode()
                    + " (a private image needs credentials the registry lookup does not have)");
        }
        JsonNode json = JsonText.read(r.body());
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new IOException("anonymous token from " + realm + ": no token in the answer");
        }
        return token;
    }
}
