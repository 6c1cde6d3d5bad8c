package org.wdlbatch.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.emulator.s3.S3Forwarder;

/**
 * The one endpoint on 127.0.0.1 for every emulated service: routes each request (see {@link ServiceRouter}),
 * hands it fully read to the service, and streams S3 requests to S3Proxy untouched.
 */
public final class HttpFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACKs:
        // ~40 ms per keep-alive request. Read once, when the JDK's server config class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<ServiceRouter.Service, ServiceApi> services = new EnumMap<>(ServiceRouter.Service.class);
    private final S3Forwarder s3;
    private final AtomicLong requestIds = new AtomicLong();
    private volatile Authentication authentication;

    public HttpFront(int port, S3Forwarder s3) throws IOException {
        this.s3 = s3;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        this.pool = new ThreadPoolExecutor(64, 64, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "aws-emulator-http");
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    public void register(ServiceRouter.Service service, ServiceApi api) {
        services.put(service, api);
    }

    /** Requires every request to the registered services to be SigV4-signed by one of the known key pairs. */
    public void authenticate(Authentication authentication) {
        this.authentication = authentication;
    }

    public void start() {
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            ServiceRouter.Service service = ServiceRouter.route(exchange.getRequestMethod(), path, uri.getRawQuery(),
                    exchange.getRequestHeaders());
            if (service == ServiceRouter.Service.S3) {
                s3.forward(exchange);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ApiRequest request = new ApiRequest(exchange.getRequestMethod(), path, uri.getRawQuery(),
                    exchange.getRequestHeaders(), body);
            ServiceApi api = services.get(service);
            Authentication auth = authentication;
            ApiResponse refused = auth == null ? null : auth.check(service, request);
            ApiResponse response = refused != null ? refused : api == null
                    ? ApiResponse.json(404, "application/json", "{\"message\":\"no handler for " + service + "\"}")
                    : api.handle(request);
            send(exchange, response);
        } catch (Exception e) {
            LOG.warn("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                byte[] b = ("{\"message\":\"aws-emulator internal error: " + e.toString().replace("\"", "'") + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "ServerException");
                exchange.sendResponseHeaders(500, b.length);
                exchange.getResponseBody().write(b);
            } catch (IOException | RuntimeException ignored) {
                // the response was already under way; the client sees a broken answer and retries
            }
        } finally {
            exchange.close();
        }
    }

    private void send(HttpExchange exchange, ApiResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId());
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private String requestId() {
        long n = requestIds.incrementAndGet();
        return String.format("00000000-0000-4000-8000-%012x", n);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
