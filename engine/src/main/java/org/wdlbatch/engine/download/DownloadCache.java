package org.wdlbatch.engine.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches {@code http(s)://} and {@code s3://} input files into a cache folder and returns the local path.
 * A URI is stored at {@code <cache>/<scheme>/<host>/<path>}, so its file name is kept (tasks often rely on
 * suffixes such as {@code .bam.bai}). Each file is written to a temporary name and renamed into place, so a
 * crash never leaves a truncated file that a later run would take for a complete one.
 */
public final class DownloadCache {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadCache.class);
    private static final int BUFFER = 1 << 16;

    private final Path cacheDir;
    private final boolean reuse;
    private final Map<String, UriFetcher> fetchers;
    private final ConcurrentHashMap<URI, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param cacheDir where downloads are kept
     * @param reuse whether a file already in the cache is used without fetching it again
     */
    public DownloadCache(Path cacheDir, boolean reuse) {
        this(cacheDir, reuse, Map.of("http", new HttpFetcher(), "https", new HttpFetcher(), "s3", new S3Fetcher()));
    }

    DownloadCache(Path cacheDir, boolean reuse, Map<String, UriFetcher> fetchers) {
        this.cacheDir = cacheDir;
        this.reuse = reuse;
        this.fetchers = fetchers;
    }

    /** Whether {@code value} is a URI this cache can fetch (as opposed to a local path). */
    public static boolean isDownloadable(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.startsWith("http://") || v.startsWith("https://") || v.startsWith("s3://");
    }

    /** The local copy of {@code uri}, fetching it unless it is cached already. */
    public Path fetch(URI uri, ProgressListener progress) {
        UriFetcher fetcher = fetchers.get(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT));
        if (fetcher == null) {
            throw new DownloadException("cannot download " + uri + ": unsupported scheme (use http, https or s3)");
        }
        Path target = targetFor(uri);
        // One download per URI at a time; other callers wait and then reuse the finished file.
        synchronized (locks.computeIfAbsent(uri, u -> new Object())) {
            if (reuse && Files.isRegularFile(target)) {
                LOG.info("download cache hit {} -> {}", uri, target);
                return target;
            }
            try {
                Files.createDirectories(target.getParent());
                Path partial = target.resolveSibling("." + target.getFileName() + ".part." + ProcessHandle.current().pid());
                long started = System.nanoTime();
                long bytes;
                UriFetcher.Opened opened = fetcher.open(uri);
                try (InputStream in = opened.stream(); OutputStream out = Files.newOutputStream(partial)) {
                    bytes = copy(uri, in, out, opened.size(), progress);
                }
                if (opened.size() >= 0 && bytes != opened.size()) {
                    Files.deleteIfExists(partial);
                    throw new IOException("got " + bytes + " bytes of " + opened.size());
                }
                moveIntoPlace(partial, target);
                LOG.info("downloaded {} ({} bytes, {} ms) -> {}", uri, bytes, (System.nanoTime() - started) / 1_000_000,
                        target);
                return target;
            } catch (IOException e) {
                throw new DownloadException("cannot download " + uri + ": " + e.getMessage(), e);
            }
        }
    }

    Path targetFor(URI uri) {
        String host = uri.getHost() == null ? "_" : uri.getHost();
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
                ? "/index" : uri.getPath();
        Path target = cacheDir.resolve(uri.getScheme().toLowerCase(Locale.ROOT)).resolve(host);
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
}
