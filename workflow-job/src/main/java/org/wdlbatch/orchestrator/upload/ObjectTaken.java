package org.wdlbatch.orchestrator.upload;

import java.io.IOException;

/** An S3 key already holds an object of another run (or of someone else): it is left alone. */
public final class ObjectTaken extends IOException {

    public ObjectTaken(String message) {
        super(message);
    }

    public ObjectTaken(String message, Throwable cause) {
        super(message, cause);
    }
}
