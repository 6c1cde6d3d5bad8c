package org.wdlbatch.emulator.http;

/**
 * An error the way AWS reports it: HTTP status, error code (ClientException, ResourceNotFoundException, ...)
 * and message. Each service renders it in its own protocol so the SDK raises its own exception type.
 */
public class AwsServiceException extends RuntimeException {

    private final int status;
    private final String code;

    public AwsServiceException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
