package org.wdlbatch.engine.download;

/** A URI input that could not be fetched; the message names the URI and the reason. */
public class DownloadException extends RuntimeException {

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }

    public DownloadException(String message) {
        super(message);
    }
}
