package org.wdlbatch.engine.download;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a source says an object's content is, before reading it: an S3 ETag and VersionId, or an HTTP ETag or
 * Last-Modified, and the size. Two reads of the same URI with equal versions give the same bytes; a replaced object
 * gets a new version, so the download cache keys its copies by this and never serves stale data.
 *
 * @param tag the source's own words ({@code etag:"..."}, {@code version:...}, {@code last-modified:...})
 * @param size the content length, -1 when the source does not say
 */
public record SourceVersion(String tag, long size) {

    /** The name of the cache folder for this version: short, file-system safe, the same for equal versions. */
    public String folderName() {
        return "v-" + shortDigest(tag + "\0" + size);
    }

    static String shortDigest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
