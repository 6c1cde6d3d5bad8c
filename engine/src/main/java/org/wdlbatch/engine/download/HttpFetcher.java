package org.wdlbatch.engine.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code http://} and {@code https://}, following redirects. The version of a resource is its ETag, else its
 * Last-Modified (RFC 9110 section 8.8), from a HEAD request; a server that answers neither (or refuses HEAD)
 * gives no version, and the cache then identifies the bytes by their digest instead.
 */
final class HttpFetcher implements UriFetcher {

    /**
     * Built on first use, not with the fetcher: an HttpClient starts a selector thread and loads the TLS stack with
     * the trust store (about 600 classes), which a run without http(s) inputs (nearly every local run) never needs.
     */
    private final OnFirstUse<HttpClient> client = new OnFirstUse<>(HttpFetcher::newClient);

    private static HttpClient newClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Whether the client was built (for tests: a run without http(s) inputs builds none). */
    boolean started() {
        return client.made();
    }

    @Override
    public SourceVersion head(URI uri) throws IOException {
        HttpResponse<Void> response = send(HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status == 404 || status == 410) {
            throw new SourceRefused("HTTP " + status);
        }
        if (status / 100 == 4 && status != 408 && status != 429 || status == 501) {
            // HEAD refused, but GET may be allowed (a presigned URL is signed for GET only): no version to go by
            return null;
        }
        check(status);
        return versionOf(response.headers());
    }

    @Override
    public Opened open(URI uri, SourceVersion expected) throws IOException {
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            response.body().close();
            check(response.statusCode());
        }
        if (expected != null) {
            SourceVersion now = versionOf(response.headers());
            // Servers may ignore If-Match on GET, so the answer's own version is compared instead.
            if (now != null && !now.tag().equals(expected.tag())) {
                response.body().close();
                throw new IOException("it changed while being downloaded (" + expected.tag() + ", now " + now.tag()
                        + ")");
            }
        }
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Opened(response.body(), size);
    }

    static SourceVersion versionOf(HttpHeaders headers) {
        long size = headers.firstValueAsLong("Content-Length").orElse(-1);
        var etag = headers.firstValue("ETag");
        if (etag.isPresent()) {
            return new SourceVersion("etag:" + etag.get(), size);
        }
        var modified = headers.firstValue("Last-Modified");
        return modified.map(m -> new SourceVersion("last-modified:" + m, size)).orElse(null);
    }

    /** 4xx answers other than 408 (timeout) and 429 (slow down) repeat themselves: refused, not retried. */
    private static void check(int status) throws IOException {
        if (status / 100 == 2) {
            return;
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
            throw new SourceRefused("HTTP " + status);
        }
        throw new IOException("HTTP " + status);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.get().send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
