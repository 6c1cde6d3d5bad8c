package org.wdlbatch.emulator.s3;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Streams S3 requests arriving on the shared endpoint to the embedded S3Proxy and its answers back, over a
 * plain HTTP/1.1 connection written by hand: the request keeps its Host header and every other header as the
 * client signed them (an HTTP client library would set Host to S3Proxy's port and break SigV4), and its body
 * goes unchanged, so aws-chunked uploads, trailing checksums and presigned URLs reach S3Proxy as sent.
 */
public final class S3Forwarder {

    /** Headers that describe one hop only; the forwarder sets its own framing. */
    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "proxy-connection", "te", "trailer", "http2-settings");

    private final URI target;

    public S3Forwarder(URI target) {
        this.target = target;
    }

    public void forward(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI in = exchange.getRequestURI();
        String pathAndQuery = in.getRawPath() + (in.getRawQuery() == null ? "" : "?" + in.getRawQuery());
        String lengthHeader = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = lengthHeader == null ? -1 : Long.parseLong(lengthHeader.trim());
        boolean chunked = length < 0 && isChunked(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                if (h.getKey() == null || HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                for (String v : h.getValue()) {
                    head.append(h.getKey()).append(": ").append(v).append("\r\n");
                }
            }
            if (length >= 0) {
                head.append("Content-Length: ").append(length).append("\r\n");
            } else if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            try (InputStream body = exchange.getRequestBody()) {
                if (length > 0) {
                    copy(body, out, length);
                } else if (chunked) {
                    writeChunked(body, out);
                }
            }
            out.flush();
            InputStream resp = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            relay(method, resp, exchange);
        } finally {
            exchange.close();
        }
    }

    /** Reads S3Proxy's answer and sends it to the client with the JDK server's own framing. */
    private static void relay(String method, InputStream resp, HttpExchange exchange) throws IOException {
        String status = line(resp);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2) {
            throw new IOException("S3Proxy answered '" + status + "'");
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        List<String[]> headers = new ArrayList<>();
        for (String l = line(resp); !l.isEmpty(); l = line(resp)) {
            int colon = l.indexOf(':');
            if (colon <= 0) continue;
            String name = l.substring(0, colon).trim();
            String value = l.substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (lower.equals("transfer-encoding")) {
                chunked = isChunked(value);
            } else if (!HOP.contains(lower) && !lower.equals("date")) {
                headers.add(new String[] {name, value});
            }
        }
        headers.forEach(h -> exchange.getResponseHeaders().add(h[0], h[1]));
        boolean noBody = "HEAD".equals(method) || code == 204 || code == 304;
        if (noBody) {
            if (length >= 0 && "HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        if (length == 0) {
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        // 0 asks the JDK server for chunked encoding
        exchange.sendResponseHeaders(code, length > 0 ? length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if (length > 0) {
                copy(resp, out, length);
            } else if (chunked) {
                readChunked(resp, out);
            } else {
                resp.transferTo(out); // framed by the end of the connection
            }
        }
    }

    private static boolean isChunked(String transferEncoding) {
        return transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("body ended " + left + " bytes short of " + n);
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void writeChunked(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
            if (r == 0) continue;
            out.write((Integer.toHexString(r) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(buf, 0, r);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void readChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: dropped
                }
                return;
            }
            copy(in, out, n);
            line(in);
        }
    }

    /** One CRLF-terminated line of the HTTP head, without the CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (b.size() == 0) throw new EOFException("S3Proxy closed the connection");
                break;
            }
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
