package org.wdlbatch.emulator.s3;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams S3 requests arriving on the shared endpoint to the embedded S3Proxy and its answers back, bytes
 * unchanged, so aws-chunked uploads, trailing checksums and presigned URLs reach S3Proxy as the SDK sent them.
 */
public final class S3Forwarder {

    /** Headers the JDK client sets itself or that describe one hop only. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "proxy-connection", "te", "trailer", "http2-settings");

    private final URI target;
    private final HttpClient client;

    public S3Forwarder(URI target) {
        this.target = target;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public void forward(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = URI.create(target.toString() + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        String lengthHeader = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = lengthHeader == null ? -1 : Long.parseLong(lengthHeader.trim());
        InputStream in = exchange.getRequestBody();
        HttpRequest.BodyPublisher body;
        if (length == 0 || (length < 0 && !hasBody(exchange))) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (length > 0) {
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), length);
        } else {
            body = HttpRequest.BodyPublishers.ofInputStream(() -> in);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).method(method, body).timeout(Duration.ofMinutes(30));
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (h.getKey() == null || NOT_FORWARDED.contains(h.getKey().toLowerCase())) {
                continue;
            }
            for (String v : h.getValue()) {
                rb.header(h.getKey(), v);
            }
        }
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to S3Proxy", e);
        }
        long respLength = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        for (Map.Entry<String, List<String>> h : resp.headers().map().entrySet()) {
            String k = h.getKey();
            if (k == null || k.startsWith(":") || NOT_FORWARDED.contains(k.toLowerCase()) || k.equalsIgnoreCase("date")) {
                continue;
            }
            exchange.getResponseHeaders().put(k, h.getValue());
        }
        boolean noBody = "HEAD".equals(method) || resp.statusCode() == 204 || resp.statusCode() == 304;
        if (noBody) {
            if (respLength >= 0 && "HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(respLength));
            }
            exchange.sendResponseHeaders(resp.statusCode(), -1);
            resp.body().close();
            exchange.close();
            return;
        }
        // 0 asks the JDK server for chunked encoding; -1 would mean "no body".
        exchange.sendResponseHeaders(resp.statusCode(), respLength < 0 ? 0 : (respLength == 0 ? -1 : respLength));
        try (InputStream rin = resp.body(); OutputStream out = exchange.getResponseBody()) {
            rin.transferTo(out);
        }
        exchange.close();
    }

    private static boolean hasBody(HttpExchange exchange) {
        String te = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
        return te != null && te.toLowerCase().contains("chunked");
    }
}
