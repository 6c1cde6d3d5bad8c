package org.wdlbatch.engine.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.config.ConfigException;

/**
 * Fetches {@code http(s)://} and {@code s3://} input files into a cache folder and returns the local path.
 *
 * <p>Copies are keyed by what the source says the content is (see {@link SourceVersion}): a URI is stored at
 * {@code <cache>/<scheme>/<host>/v-<version digest>/<path>}, so an object replaced at the same key gets a new
 * folder and is downloaded again, and a run that still uses the old copy keeps it unchanged. A source that names
 * no version (an HTTP server without ETag or Last-Modified) is downloaded every time and filed under the digest
 * of its bytes ({@code c-<digest>}). The file name is kept (tasks rely on suffixes such as {@code .bam.bai}).
 * Because the path changes with the content, the call cache's key (which covers input paths and identities)
 * changes too.
 *
 * <p>Each file is written to a temporary name and renamed into place, so a crash never leaves a truncated file
 * that a later run would take for a complete one. A download that fails for a reason that may pass (a dropped
 * connection, HTTP 5xx, throttling, an object replaced mid-download) is retried with exponential backoff, each
 * failure logged; one the source will repeat (no such object, access denied) fails at once.
 */
public final class DownloadCache {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadCache.class);
    private static final int BUFFER = 1 << 16;
    private static final long MAX_WAIT_MILLIS = 60_000;

    private final Path cacheDir;
    private final boolean reuse;
    private final Map<String, UriFetcher> fetchers;
    private final int attempts;
    private final long firstWaitMillis;
    private final ConcurrentHashMap<Path, Object> locks = new ConcurrentHashMap<>();
    /**
     * What each URI resolved to in this run: every call of a run sees the same version of an input (the one of its
     * first use), and a scatter over thousands of calls asks the source once, not once per call.
     */
    private final ConcurrentHashMap<URI, Path> resolved = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<URI, Object> uriLocks = new ConcurrentHashMap<>();

    /**
     * @param cacheDir where downloads are kept
     * @param reuse whether a file already in the cache (of the source's current version) is used without fetching
     *     it again
     */
    public DownloadCache(Path cacheDir, boolean reuse) {
        this(cacheDir, reuse, 4, 1000);
    }

    /**
     * @param attempts how often a download is tried before the call fails (at least 1)
     * @param firstWaitMillis the wait before the second attempt; it doubles for each further one (at most 60 s)
     */
    public DownloadCache(Path cacheDir, boolean reuse, int attempts, long firstWaitMillis) {
        this(cacheDir, reuse, standardFetchers(), attempts, firstWaitMillis);
    }

    /**
     * One HTTP fetcher for both schemes (its client built on first use), and S3's made on first use: nothing of the
     * AWS SDK is loaded by a run that downloads nothing from S3.
     */
    private static Map<String, UriFetcher> standardFetchers() {
        HttpFetcher http = new HttpFetcher();
        return Map.of("http", http, "https", http, "s3", new FetcherOnFirstUse(DownloadCache::s3Fetcher));
    }

    /** A method, not {@code S3Fetcher::new}: linking a constructor reference would load the class at once. */
    private static UriFetcher s3Fetcher() {
        return new S3Fetcher();
    }

    DownloadCache(Path cacheDir, boolean reuse, Map<String, UriFetcher> fetchers, int attempts,
            long firstWaitMillis) {
        if (attempts < 1) {
            throw new IllegalArgumentException("[download] attempts " + attempts + ": must be at least 1");
        }
        this.cacheDir = cacheDir;
        this.reuse = reuse;
        this.fetchers = fetchers;
        this.attempts = attempts;
        this.firstWaitMillis = Math.max(0, firstWaitMillis);
    }

    /** From {@code [download] reuse, attempts, retry_wait} (seconds). */
    public static DownloadCache fromConfig(Path cacheDir, Config config) {
        checkConfig(config);
        return new DownloadCache(cacheDir, config.bool("download", "reuse"), config.integer("download", "attempts"),
                Math.round(config.decimal("download", "retry_wait") * 1000));
    }

    /**
     * Checks {@code [download] attempts} and {@code retry_wait}, so a wrong value stops a run before it starts.
     *
     * @throws ConfigException naming the key, where it was set, and what is allowed
     */
    public static void checkConfig(Config config) {
        var attempts = config.entry("download", "attempts");
        if (config.integer("download", "attempts") < 1) {
            throw new ConfigException(attempts.origin() + ": [download] attempts = " + attempts.value()
                    + ": must be at least 1 (1 = no retry)");
        }
        var wait = config.entry("download", "retry_wait");
        if (config.decimal("download", "retry_wait") < 0) {
            throw new ConfigException(wait.origin() + ": [download] retry_wait = " + wait.value()
                    + ": must be 0 or more seconds");
        }
    }

    /** Whether {@code value} is a URI this cache can fetch (as opposed to a local path). */
    public static boolean isDownloadable(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.startsWith("http://") || v.startsWith("https://") || v.startsWith("s3://");
    }

    /**
     * The local copy of {@code uri} as the source has it now (at its first use in this run), fetching it unless that
     * version is cached.
     */
    public Path fetch(URI uri, ProgressListener progress) {
        UriFetcher fetcher = fetchers.get(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT));
        if (fetcher == null) {
            throw new DownloadException("cannot download " + uri + ": unsupported scheme (use http, https or s3)");
        }
        Path earlier = resolved.get(uri);
        if (earlier != null && Files.isRegularFile(earlier)) {
            return earlier;
        }
        synchronized (uriLocks.computeIfAbsent(uri, k -> new Object())) {
            earlier = resolved.get(uri);
            if (earlier != null && Files.isRegularFile(earlier)) {
                return earlier;
            }
            Path local = fetchWithRetries(uri, fetcher, progress);
            resolved.put(uri, local);
            return local;
        }
    }

    private Path fetchWithRetries(URI uri, UriFetcher fetcher, ProgressListener progress) {
        long wait = firstWaitMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                return fetchOnce(uri, fetcher, progress);
            } catch (SourceRefused e) {
                throw new DownloadException("cannot download " + uri + ": " + e.getMessage(), e);
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw new DownloadException("cannot download " + uri + ": " + e.getMessage() + " (tried "
                            + attempts + " times; [download] attempts)", e);
                }
                LOG.warn("download of {} failed (attempt {} of {}): {}; trying again in {} ms", uri, attempt,
                        attempts, e.getMessage(), wait);
                sleep(wait);
                wait = Math.min(MAX_WAIT_MILLIS, wait * 2);
            }
        }
    }

    private Path fetchOnce(URI uri, UriFetcher fetcher, ProgressListener progress) throws IOException {
        SourceVersion version = fetcher.head(uri);
        if (version == null) {
            return fetchUnversioned(uri, fetcher, progress);
        }
        Path target = targetFor(uri, version.folderName());
        // One download per copy at a time; other callers wait and then reuse the finished file.
        synchronized (locks.computeIfAbsent(target, t -> new Object())) {
            if (reuse && Files.isRegularFile(target) && (version.size() < 0 || Files.size(target) == version.size())) {
                LOG.info("download cache hit {} ({}) -> {}", uri, version.tag(), target);
                return target;
            }
            Files.createDirectories(target.getParent());
            Path partial = partialNear(target);
            try {
                download(uri, fetcher, version, partial, progress, null);
                moveIntoPlace(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
            LOG.info("downloaded {} ({}) -> {}", uri, version.tag(), target);
            return target;
        }
    }

    /** Without a version, the bytes are their own identity: downloaded each time, filed under their digest. */
    private Path fetchUnversioned(URI uri, UriFetcher fetcher, ProgressListener progress) throws IOException {
        Path partialDir = cacheDir.resolve(uri.getScheme().toLowerCase(Locale.ROOT)).resolve(".partial");
        Files.createDirectories(partialDir);
        Path partial = partialDir.resolve(UUID.randomUUID().toString());
        try {
            MessageDigest md = sha256();
            download(uri, fetcher, null, partial, progress, md);
            Path target = targetFor(uri, "c-" + HexFormat.of().formatHex(md.digest(), 0, 8));
            synchronized (locks.computeIfAbsent(target, t -> new Object())) {
                Files.createDirectories(target.getParent());
                moveIntoPlace(partial, target);
            }
            LOG.info("downloaded {} (the source names no version; filed by content) -> {}", uri, target);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void download(URI uri, UriFetcher fetcher, SourceVersion version, Path partial,
            ProgressListener progress, MessageDigest md) throws IOException {
        long started = System.nanoTime();
        UriFetcher.Opened opened = fetcher.open(uri, version);
        long bytes;
        try (InputStream in = opened.stream();
                OutputStream file = Files.newOutputStream(partial);
                OutputStream out = md == null ? file : new DigestOutputStream(file, md)) {
            bytes = copy(uri, in, out, opened.size(), progress);
        }
        if (opened.size() >= 0 && bytes != opened.size()) {
            throw new IOException("got " + bytes + " bytes of " + opened.size());
        }
        if (version != null && version.size() >= 0 && bytes != version.size()) {
            throw new IOException("got " + bytes + " bytes, the source announced " + version.size());
        }
        LOG.debug("fetched {} ({} bytes, {} ms)", uri, bytes, (System.nanoTime() - started) / 1_000_000);
    }

    /** Where the copy of {@code uri} in the version folder {@code version} goes. */
    Path targetFor(URI uri, String version) {
        String host = uri.getHost() == null ? "_" : uri.getHost();
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
                ? "/index" : uri.getPath();
        Path target = cacheDir.resolve(uri.getScheme().toLowerCase(Locale.ROOT)).resolve(host).resolve(version);
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                continue; // never let a URI path climb out of the cache
            }
            target = target.resolve(part);
        }
        if (uri.getQuery() != null) {
            // distinct queries are distinct objects; keep the file name last so its suffix survives
            target = target.resolveSibling("q" + Integer.toHexString(uri.getQuery().hashCode()))
                    .resolve(target.getFileName());
        }
        return target;
    }

    private static Path partialNear(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".part." + ProcessHandle.current().pid() + "."
                + UUID.randomUUID().toString().substring(0, 8));
    }

    private static long copy(URI uri, InputStream in, OutputStream out, long total, ProgressListener progress)
            throws IOException {
        byte[] buf = new byte[BUFFER];
        long done = 0;
        long lastReport = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            done += n;
            if (done - lastReport >= (8L << 20)) {
                progress.progress(uri, done, total);
                lastReport = done;
            }
        }
        progress.progress(uri, done, total);
        return done;
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted while waiting to retry a download", e);
        }
    }
}
