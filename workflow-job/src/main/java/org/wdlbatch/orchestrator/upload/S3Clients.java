package org.wdlbatch.orchestrator.upload;

import org.wdlbatch.orchestrator.batch.AwsClients;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client of the workflow job, built by the orchestrator's one client factory, {@link AwsClients}. */
public final class S3Clients {

    private S3Clients() {}

    public static S3Client fromEnvironment() {
        return AwsClients.standard().s3();
    }

    /** The region chain's answer, or us-east-1 when it has none (S3 redirects to the bucket's region). */
    public static Region region() {
        return AwsClients.standard().regionOrDefault();
    }
}
