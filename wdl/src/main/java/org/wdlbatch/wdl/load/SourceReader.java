package org.wdlbatch.wdl.load;

import java.io.IOException;

/**
 * Reads the text of a document. The loader reads every document through one; the default reads the location itself
 * ({@link SourceLocation#read}); tests pass their own to count reads.
 */
@FunctionalInterface
public interface SourceReader {

    SourceReader DIRECT = SourceLocation::read;

    /** @throws IOException when the document cannot be read; the message says why */
    String read(SourceLocation location) throws IOException;
}
