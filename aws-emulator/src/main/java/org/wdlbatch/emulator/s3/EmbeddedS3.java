package org.wdlbatch.emulator.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * S3Proxy on a private loopback port, storing buckets in a folder (one sub-folder a bucket) or in memory.
 * It runs without authentication: the emulator's shared endpoint forwards to it and, like the other services,
 * does not check signatures.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private final S3Proxy proxy;

    private EmbeddedS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts S3Proxy; {@code folder} null keeps objects in memory. */
    public static EmbeddedS3 start(Path folder) throws Exception {
        BlobStore store;
        if (folder == null) {
            store = new TransientNio2BlobStore();
        } else {
            Files.createDirectories(folder);
            store = new FilesystemNio2BlobStore(folder.toAbsolutePath().toString());
        }
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).ignoreUnknownHeaders(true).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(5);
        }
        return new EmbeddedS3(proxy);
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
