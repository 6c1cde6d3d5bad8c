package org.wdlbatch.emulator.http;

/** One emulated AWS service behind the shared endpoint. */
public interface ServiceApi {

    /** Answers the request, including errors in the service's own shape; never throws for bad input. */
    ApiResponse handle(ApiRequest request);
}
