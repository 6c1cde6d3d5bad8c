package org.wdlbatch.engine.download;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The HTTP client (a selector thread, the TLS stack, the trust store) is built by the first request, not before. */
class HttpFetcherTest {

    @Test
    void buildsItsClientOnFirstUseOnly() throws Exception {
        HttpFetcher fetcher = new HttpFetcher();
        assertThat(fetcher.started()).as("client built before any request").isFalse();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/f", ex -> {
            ex.getResponseHeaders().add("ETag", "\"v1\"");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            SourceVersion v = fetcher.head(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/f"));
            assertThat(v.tag()).isEqualTo("etag:\"v1\"");
            assertThat(fetcher.started()).isTrue();
        } finally {
            server.stop(0);
        }
    }
}
