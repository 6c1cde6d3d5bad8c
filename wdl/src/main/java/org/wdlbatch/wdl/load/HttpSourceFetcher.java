package org.wdlbatch.wdl.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches http(s) imports with {@link HttpClient}, following redirects; any status but 200 is a failure. The client
 * (and its TLS context, a few hundred milliseconds and a selector thread) is built on the first fetch: almost no
 * run imports by URL, and every command that loads WDL creates a fetcher.
 */
public final class HttpSourceFetcher implements SourceFetcher {

    private final Duration timeout;
    private HttpClient client;

    public HttpSourceFetcher(Duration timeout) {
        this.timeout = timeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(timeout)
                    .build();
        }
        return client;
    }

    public HttpSourceFetcher() {
        this(Duration.ofSeconds(30));
    }

    @Override
    public String fetch(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        return response.body();
    }
}
