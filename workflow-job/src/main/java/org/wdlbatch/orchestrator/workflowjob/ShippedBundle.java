package org.wdlbatch.orchestrator.workflowjob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.wdlbatch.aws.ShippedWdl;
import org.wdlbatch.wdl.load.BundleArchive;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * The WDL bundle {@code submit_awsbatch} shipped inside this workflow job's request ({@code wdlbatch run
 * shipped:<name>}): the first part in the environment variable {@value ShippedWdl#ENV}, the rest in the tags of
 * this job ({@code AWS_BATCH_JOB_ID}) and of its job definition, which may already be deregistered (INACTIVE) by
 * the time the job starts; DescribeJobDefinitions by ARN still answers then.
 */
public final class ShippedBundle {

    private ShippedBundle() {}

    public static boolean isShipped(String wdlArgument) {
        return wdlArgument != null && wdlArgument.startsWith(ShippedWdl.ARGUMENT_PREFIX);
    }

    /**
     * Reads the bundle this job carries, checks it (a zip with the manifest, no entry that could escape its
     * folder) and writes it to {@code folder/<name>.zip}, which {@code wdlbatch run} then reads in memory.
     *
     * @throws IOException with a message saying what is missing or wrong
     */
    public static Path materialize(String wdlArgument, Map<String, String> env, BatchClient batch, Path folder)
            throws IOException {
        String name = wdlArgument.substring(ShippedWdl.ARGUMENT_PREFIX.length());
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IOException(wdlArgument + ": the bundle name must be 1-128 letters, digits, '.', '_' or '-'");
        }
        String jobId = env.get("AWS_BATCH_JOB_ID");
        if (jobId == null || jobId.isEmpty()) {
            throw new IOException(wdlArgument + " names a WDL shipped in an AWS Batch job request, but"
                    + " AWS_BATCH_JOB_ID is not set: outside a workflow job give the WDL file or URL instead");
        }
        JobDetail job;
        JobDefinition definition;
        try {
            job = batch.describeJobs(b -> b.jobs(jobId)).jobs().stream().findFirst()
                    .orElseThrow(() -> new IOException("DescribeJobs does not know this job " + jobId));
            definition = batch.describeJobDefinitions(b -> b.jobDefinitions(job.jobDefinition()))
                    .jobDefinitions().stream().findFirst()
                    .orElseThrow(() -> new IOException("DescribeJobDefinitions does not know " + job.jobDefinition()));
        } catch (SdkException e) {
            throw new IOException("cannot read the shipped WDL from the tags of job " + jobId + " (the workflow"
                    + " job's role needs batch:DescribeJobs and batch:DescribeJobDefinitions): " + e.getMessage(), e);
        }
        byte[] zip = ShippedWdl.join(env.get(ShippedWdl.ENV), job.tags(), definition.tags());
        BundleArchive archive = BundleArchive.read(wdlArgument, new ByteArrayInputStream(zip), null);
        Files.createDirectories(folder);
        Path file = folder.resolve(name.endsWith(".zip") ? name : name + ".zip");
        Files.write(file, zip);
        org.slf4j.LoggerFactory.getLogger("wdlbatch").info("shipped WDL {}: {} bytes, main document {}", name,
                zip.length, archive.main());
        return file;
    }
}
