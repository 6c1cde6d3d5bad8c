package org.wdlbatch.engine.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class DownloadCacheTest {

    @TempDir
    Path tmp;

    private HttpServer http;
    private final AtomicInteger httpHits = new AtomicInteger();

    @BeforeEach
    void startHttp() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/data/reads.fq", ex -> {
            httpHits.incrementAndGet();
            byte[] body = "@r1\nACGT\n+\nIIII\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stopHttp() {
        http.stop(0);
    }

    private URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
    }

    @Test
    void httpDownloadKeepsTheFileNameAndIsReusedFromTheCache() throws Exception {
        DownloadCache cache = new DownloadCache(tmp.resolve("cache"), true);
        List<Long> reported = new ArrayList<>();
        Path first = cache.fetch(httpUri("/data/reads.fq"), (u, done, total) -> reported.add(done));
        assertThat(first.getFileName().toString()).isEqualTo("reads.fq");
        assertThat(first).hasContent("@r1\nACGT\n+\nIIII");
        assertThat(reported).last().isEqualTo(16L);

        Path second = cache.fetch(httpUri("/data/reads.fq"), ProgressListener.NONE);
        assertThat(second).isEqualTo(first);
        assertThat(httpHits).hasValue(1);
        try (var files = Files.walk(tmp.resolve("cache"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".part."));
        }
    }

    @Test
    void withoutReuseEveryFetchDownloadsAgain() {
        DownloadCache cache = new DownloadCache(tmp.resolve("cache"), false);
        cache.fetch(httpUri("/data/reads.fq"), ProgressListener.NONE);
        cache.fetch(httpUri("/data/reads.fq"), ProgressListener.NONE);
        assertThat(httpHits).hasValue(2);
    }

    @Test
    void failuresNameTheUriAndLeaveNothingBehind() {
        DownloadCache cache = new DownloadCache(tmp.resolve("cache"), true);
        assertThatThrownBy(() -> cache.fetch(httpUri("/missing"), ProgressListener.NONE))
                .isInstanceOf(DownloadException.class)
                .hasMessage("cannot download " + httpUri("/missing") + ": HTTP 404");
        assertThatThrownBy(() -> cache.fetch(URI.create("ftp://host/x"), ProgressListener.NONE))
                .hasMessageContaining("unsupported scheme");
    }

    @Test
    void uriPathsCannotClimbOutOfTheCache() {
        DownloadCache cache = new DownloadCache(tmp.resolve("cache"), true);
        Path target = cache.targetFor(URI.create("https://example.org/a/../../../etc/passwd"));
        assertThat(target).isEqualTo(tmp.resolve("cache/https/example.org/a/etc/passwd"));
    }

    @Test
    void s3DownloadGoesThroughTheSdkToARealS3() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-key", "test-secret")
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        System.setProperty("aws.endpointUrl", endpoint);
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
        System.setProperty("aws.region", "us-east-1");
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))
                .build()) {
            s3.createBucket(b -> b.bucket("inputs"));
            s3.putObject(b -> b.bucket("inputs").key("ref/genome.fa"), RequestBody.fromString(">chr1\nACGT\n"));

            DownloadCache cache = new DownloadCache(tmp.resolve("cache"), true);
            Path local = cache.fetch(URI.create("s3://inputs/ref/genome.fa"), ProgressListener.NONE);
            assertThat(local).isEqualTo(tmp.resolve("cache/s3/inputs/ref/genome.fa"));
            assertThat(local).hasContent(">chr1\nACGT");
            assertThatThrownBy(() -> cache.fetch(URI.create("s3://inputs/ref/absent.fa"), ProgressListener.NONE))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageStartingWith("cannot download s3://inputs/ref/absent.fa: ");
        } finally {
            System.clearProperty("aws.endpointUrl");
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.region");
            proxy.stop();
        }
    }
}
