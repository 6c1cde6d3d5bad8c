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
            byte[] body = "@r1\nACGT\n+\nIIII\n".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
                ex.sendResponseHeaders(200, -1);
            } else {
                httpHits.incrementAndGet();
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
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
        // one DownloadCache per run: each run downloads again, the calls of one run share the first download
        DownloadCache run1 = new DownloadCache(tmp.resolve("cache"), false);
        run1.fetch(httpUri("/data/reads.fq"), ProgressListener.NONE);
        run1.fetch(httpUri("/data/reads.fq"), ProgressListener.NONE);
        assertThat(httpHits).hasValue(1);
        new DownloadCache(tmp.resolve("cache"), false).fetch(httpUri("/data/reads.fq"), ProgressListener.NONE);
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
        Path target = cache.targetFor(URI.create("https://example.org/a/../../../etc/passwd"), "v-1");
        assertThat(target).isEqualTo(tmp.resolve("cache/https/example.org/v-1/a/etc/passwd"));
    }

    @Test
    void aChangedHttpResourceIsDownloadedAgainAndAnUnchangedOneIsNot() throws Exception {
        String[] body = {"first\n"};
        AtomicInteger gets = new AtomicInteger();
        http.createContext("/versioned.txt", ex -> {
            byte[] b = body[0].getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("ETag", "\"" + body[0].hashCode() + "\"");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
            } else {
                gets.incrementAndGet();
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        Path cacheDir = tmp.resolve("cache");
        Path first = new DownloadCache(cacheDir, true).fetch(httpUri("/versioned.txt"), ProgressListener.NONE);
        assertThat(new DownloadCache(cacheDir, true).fetch(httpUri("/versioned.txt"), ProgressListener.NONE))
                .isEqualTo(first);
        assertThat(gets).hasValue(1);
        body[0] = "second, longer\n";
        Path second = new DownloadCache(cacheDir, true).fetch(httpUri("/versioned.txt"), ProgressListener.NONE);
        assertThat(second).isNotEqualTo(first).hasContent("second, longer");
        assertThat(first).hasContent("first");
        assertThat(gets).hasValue(2);
    }

    @Test
    void aSourceWithoutVersionIsDownloadedEveryTimeAndFiledByContent() throws Exception {
        String[] body = {"one\n"};
        http.createContext("/plain.txt", ex -> {
            byte[] b = body[0].getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : b.length);
            if (!ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        Path one = new DownloadCache(tmp.resolve("cache"), true).fetch(httpUri("/plain.txt"), ProgressListener.NONE);
        body[0] = "two\n";
        Path two = new DownloadCache(tmp.resolve("cache"), true).fetch(httpUri("/plain.txt"), ProgressListener.NONE);
        assertThat(one).hasContent("one");
        assertThat(two).isNotEqualTo(one).hasContent("two");
    }

    @Test
    void aFailingDownloadIsRetriedWithBackoffThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        http.createContext("/flaky.txt", ex -> {
            if (calls.incrementAndGet() <= 2) {
                ex.sendResponseHeaders(503, -1); // the first HEAD and the retry's HEAD
            } else {
                byte[] b = "made it\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : b.length);
                if (!ex.getRequestMethod().equals("HEAD")) {
                    ex.getResponseBody().write(b);
                }
            }
            ex.close();
        });
        DownloadCache cache = new DownloadCache(tmp.resolve("cache"), true, 3, 10);
        assertThat(cache.fetch(httpUri("/flaky.txt"), ProgressListener.NONE)).hasContent("made it");

        calls.set(-100); // fails every time from now on
        DownloadCache twice = new DownloadCache(tmp.resolve("cache2"), true, 2, 10);
        assertThatThrownBy(() -> twice.fetch(httpUri("/flaky.txt"), ProgressListener.NONE))
                .isInstanceOf(DownloadException.class)
                .hasMessage("cannot download " + httpUri("/flaky.txt") + ": HTTP 503 (tried 2 times; [download] attempts)");
        assertThat(calls).hasValue(-98);
    }

    @Test
    void aUrlThatRefusesHeadButServesGetIsDownloaded() {
        http.createContext("/presigned.txt", ex -> {
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(403, -1); // signed for GET only
            } else {
                byte[] b = "signed\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        assertThat(new DownloadCache(tmp.resolve("cache"), true).fetch(httpUri("/presigned.txt"),
                ProgressListener.NONE)).hasContent("signed");
    }

    @Test
    void aWrongRetrySettingIsAConfigErrorNamingTheKeyAndWhereItWasSet() {
        var zero = org.wdlbatch.engine.config.Config.builder()
                .set("download", "attempts", "0", "WDLBATCH__DOWNLOAD__ATTEMPTS").build();
        assertThatThrownBy(() -> DownloadCache.checkConfig(zero))
                .isInstanceOf(org.wdlbatch.engine.config.ConfigException.class)
                .hasMessage("WDLBATCH__DOWNLOAD__ATTEMPTS: [download] attempts = 0: must be at least 1 (1 = no retry)");
        var negative = org.wdlbatch.engine.config.Config.builder()
                .set("download", "retry_wait", "-1", "--cfg x.cfg").build();
        assertThatThrownBy(() -> DownloadCache.checkConfig(negative))
                .hasMessage("--cfg x.cfg: [download] retry_wait = -1: must be 0 or more seconds");
        DownloadCache.checkConfig(org.wdlbatch.engine.config.Config.defaults());
    }

    @Test
    void aMissingObjectIsNotRetried() {
        AtomicInteger before = new AtomicInteger();
        http.createContext("/gone", ex -> {
            before.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        DownloadCache cache = new DownloadCache(tmp.resolve("cache"), true, 5, 10);
        assertThatThrownBy(() -> cache.fetch(httpUri("/gone"), ProgressListener.NONE))
                .hasMessage("cannot download " + httpUri("/gone") + ": HTTP 404");
        assertThat(before).hasValue(1);
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
            assertThat(local.getFileName().toString()).isEqualTo("genome.fa");
            assertThat(local).startsWith(tmp.resolve("cache/s3/inputs")).hasContent(">chr1\nACGT");
            assertThat(cache.fetch(URI.create("s3://inputs/ref/genome.fa"), ProgressListener.NONE)).isEqualTo(local);

            // the same key, new content: a new copy in a new folder; the old copy stays as it was
            s3.putObject(b -> b.bucket("inputs").key("ref/genome.fa"), RequestBody.fromString(">chr2\nTTTT\n"));
            assertThat(cache.fetch(URI.create("s3://inputs/ref/genome.fa"), ProgressListener.NONE))
                    .as("within one run, every call sees the version of the first use").isEqualTo(local);
            Path replaced = new DownloadCache(tmp.resolve("cache"), true)
                    .fetch(URI.create("s3://inputs/ref/genome.fa"), ProgressListener.NONE);
            assertThat(replaced).isNotEqualTo(local).hasContent(">chr2\nTTTT");
            assertThat(replaced.getFileName().toString()).isEqualTo("genome.fa");
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
