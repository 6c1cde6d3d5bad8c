package org.wdlbatch.submit.check;

import java.util.function.Supplier;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The clients the check uses, made on first use by the submitter's client factory; {@code region} may be null. */
public record CheckClients(Supplier<BatchClient> batch, Supplier<EfsClient> efs, Supplier<EcrClient> ecr,
        Supplier<S3Client> s3, Supplier<CloudWatchLogsClient> logs, String region) {}
