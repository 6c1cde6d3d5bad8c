package org.wdlbatch.submit;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The submitter's HTTP client, TLS built on the first https request. The SDK's URL-connection client builds its TLS
 * context (the JDK's trust store parsed: about 100 ms of CPU, a tenth of a submission) when it is created, also
 * when every request goes to a plain-http endpoint (an emulator, a local MinIO). Here https requests go to that
 * client, made on the first of them, so they behave exactly as before; plain-http requests go to a client whose
 * connections are plain {@link HttpURLConnection}s with the same timeouts (the JDK's proxy settings apply to them,
 * not the SDK's HTTP_PROXY variables).
 */
final class TlsOnDemandHttpClient implements SdkHttpClient {

    private final Supplier<SdkHttpClient> tlsFactory;
    private final SdkHttpClient plain;
    private SdkHttpClient tls;

    TlsOnDemandHttpClient(Duration connectTimeout, Duration socketTimeout) {
        this.tlsFactory = () -> UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout)
                .socketTimeout(socketTimeout).build();
        this.plain = UrlConnectionHttpClient.create(uri -> {
            HttpURLConnection c;
            try {
                c = (HttpURLConnection) uri.toURL().openConnection();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            c.setConnectTimeout((int) connectTimeout.toMillis());
            c.setReadTimeout((int) socketTimeout.toMillis());
            return c;
        });
    }

    private synchronized SdkHttpClient tls() {
        if (tls == null) {
            tls = tlsFactory.get();
        }
        return tls;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return "http".equalsIgnoreCase(request.httpRequest().protocol())
                ? plain.prepareRequest(request) : tls().prepareRequest(request);
    }

    @Override
    public String clientName() {
        return "UrlConnection";
    }

    @Override
    public synchronized void close() {
        plain.close();
        if (tls != null) {
            tls.close();
        }
    }
}
