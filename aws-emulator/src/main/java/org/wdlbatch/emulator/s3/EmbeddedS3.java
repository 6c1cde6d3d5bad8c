package org.wdlbatch.emulator.s3;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.gaul.shaded.org.eclipse.jetty.server.Connector;
import org.gaul.shaded.org.eclipse.jetty.server.HttpConnectionFactory;
import org.gaul.shaded.org.eclipse.jetty.server.Server;

/**
 * S3Proxy on a private loopback port, storing buckets in a folder (one sub-folder a bucket) or in memory.
 * It checks SigV2/SigV4 signatures (headers and presigned URLs) against the emulator's key pairs, as S3 does
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html): an unknown key is
 * {@code InvalidAccessKeyId}, a wrong secret {@code SignatureDoesNotMatch}, no signature {@code AccessDenied}.
 * {@link S3Forwarder} hands it the requests byte for byte, Host header included, so the signatures hold.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private final S3Proxy proxy;

    private EmbeddedS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts S3Proxy; {@code folder} null keeps objects in memory; {@code secrets} maps access key ids to secrets. */
    public static EmbeddedS3 start(Path folder, Map<String, String> secrets) throws Exception {
        BlobStore store;
        if (folder == null) {
            store = new TransientNio2BlobStore();
        } else {
            Files.createDirectories(folder);
            store = new FilesystemNio2BlobStore(folder.toAbsolutePath().toString());
        }
        Map.Entry<String, String> first = secrets.entrySet().iterator().next();
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, first.getKey(), first.getValue())
                .ignoreUnknownHeaders(true).build();
        Map<String, String> known = Map.copyOf(secrets);
        // every configured key pair, one store: S3Proxy asks the locator for the secret of the request's key id
        proxy.setBlobStoreLocator((identity, container, blob) ->
                identity != null && known.containsKey(identity) ? new AccessGrant(known.get(identity), store) : null);
        keepFormBodies(proxy);
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(5);
        }
        return new EmbeddedS3(proxy);
    }

    /**
     * Jetty reads a PUT or POST body sent as {@code application/x-www-form-urlencoded} (what {@code curl -d}
     * sends) as form parameters, so S3Proxy would store an empty object. S3 stores the bytes whatever the
     * Content-Type (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html): no method is
     * form-encoded here. S3Proxy does not expose its Jetty server, hence the reflection.
     */
    private static void keepFormBodies(S3Proxy proxy) throws ReflectiveOperationException {
        Field f = S3Proxy.class.getDeclaredField("server");
        f.setAccessible(true);
        Server server = (Server) f.get(proxy);
        for (Connector c : server.getConnectors()) {
            HttpConnectionFactory http = c.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                http.getHttpConfiguration().setFormEncodedMethods();
            }
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() throws IOException {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IOException("stopping S3Proxy", e);
        }
    }
}
