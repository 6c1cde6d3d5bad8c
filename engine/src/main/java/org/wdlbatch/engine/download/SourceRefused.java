package org.wdlbatch.engine.download;

import java.io.IOException;

/**
 * The source answered, and the answer will not change by asking again (no such object, access denied): the
 * download fails at once instead of being retried.
 */
final class SourceRefused extends IOException {

    SourceRefused(String message, Throwable cause) {
        super(message, cause);
    }

    SourceRefused(String message) {
        super(message);
    }
}
