package org.wdlbatch.wdl.load;

import java.io.IOException;
import java.net.URI;

/** Fetches the text of an http(s) import. The default implementation uses the JDK's HTTP client. */
@FunctionalInterface
public interface SourceFetcher {

    /**
     * @throws IOException when the document cannot be fetched; the message says why (status, host, ...)
     */
    String fetch(URI uri) throws IOException;
}
