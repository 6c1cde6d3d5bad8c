package org.wdlbatch.engine.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** Opens one scheme's URIs for reading. */
interface UriFetcher {

    /** A stream of the object's bytes and its size (-1 when unknown). */
    record Opened(InputStream stream, long size) {}

    Opened open(URI uri) throws IOException;
}
