package org.wdlbatch.orchestrator.batch;

/** The aws-batch backend cannot start with this configuration; the message names the key and the fix. */
public final class BatchConfigException extends RuntimeException {

    public BatchConfigException(String message) {
        super(message);
    }
}
