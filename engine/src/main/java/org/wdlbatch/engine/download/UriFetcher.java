package org.wdlbatch.engine.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Opens one scheme's URIs for reading. A failure the source will repeat (no such object, access denied) is a
 * {@link SourceRefused}; any other {@link IOException} may pass when asked again.
 */
interface UriFetcher {

    /** A stream of the object's bytes and its size (-1 when unknown). */
    record Opened(InputStream stream, long size) {}

    /** What the source says the object is now (HEAD), or null when it gives nothing to tell versions apart. */
    SourceVersion head(URI uri) throws IOException;

    /**
     * The object's bytes; when {@code expected} is not null, only if the object still is that version (else an
     * {@link IOException} saying it changed while being downloaded, which a retry resolves).
     */
    Opened open(URI uri, SourceVersion expected) throws IOException;
}
