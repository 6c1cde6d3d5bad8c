package org.wdlbatch.orchestrator.workflowjob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.orchestrator.batch.AwsClients;
import org.wdlbatch.orchestrator.logging.WorkflowLogging;
import org.wdlbatch.orchestrator.notify.NotifyTargets;
import org.wdlbatch.orchestrator.notify.RunNotifications;
import org.wdlbatch.orchestrator.notify.RunNotifier;
import org.wdlbatch.orchestrator.upload.RunUpload;
import org.wdlbatch.orchestrator.upload.S3Clients;
import org.wdlbatch.orchestrator.upload.S3Uploader;
import org.wdlbatch.orchestrator.upload.UploadTarget;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What happens around a run in a workflow job (and in any {@code wdlbatch run} given {@code --s3upload}):
 * <ol>
 *   <li>{@link #prepare}: check {@code --s3upload} / {@code --delete-after} (with {@code [aws]} configuration),
 *       set up the workflow log's destinations, prove S3 write access: all before anything runs;</li>
 *   <li>{@link #resolveWdl}: a {@code shipped:} bundle from this job's request becomes a local zip;</li>
 *   <li>{@link #finish}: upload what the run directory holds, apply the delete-after policy (only after a
 *       complete upload), write the end-of-log marker, and give the exit status to use.</li>
 * </ol>
 */
public final class WorkflowJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("wdlbatch");

    /** A wrong flag or setting, found before anything ran: exit status 2. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> env;
    private final UploadTarget upload;
    private final DeleteAfter deleteAfter;
    private final WorkflowLogging logging;
    private S3Client s3;
    private Path shippedFolder;
    /** [notify]: one message when the run starts, one when it ends. */
    private RunNotifications notifications = RunNotifications.none();

    private WorkflowJob(Map<String, String> env, UploadTarget upload, DeleteAfter deleteAfter,
            WorkflowLogging logging) {
        this.env = env;
        this.upload = upload;
        this.deleteAfter = deleteAfter;
        this.logging = logging;
    }

    /**
     * @param s3uploadFlag {@code --s3upload} or null (then {@code [aws] s3upload})
     * @param deleteAfterFlag {@code --delete-after} or null (then {@code [aws] delete_after})
     */
    public static WorkflowJob prepare(String s3uploadFlag, String deleteAfterFlag, Config config,
            Map<String, String> env) throws UsageException {
        String s3upload = s3uploadFlag != null ? s3uploadFlag : config.optionalString("aws", "s3upload");
        String s3Origin = s3uploadFlag != null ? "--s3upload" : "[aws] s3upload";
        String delete = deleteAfterFlag != null ? deleteAfterFlag : config.optionalString("aws", "delete_after");
        String deleteOrigin = deleteAfterFlag != null ? "--delete-after" : "[aws] delete_after";
        UploadTarget target;
        DeleteAfter policy;
        try {
            target = s3upload == null || s3upload.isBlank() ? null : UploadTarget.parse(s3upload.strip(), s3Origin);
            policy = DeleteAfter.parse(delete, deleteOrigin);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (policy != null && target == null) {
            throw new UsageException(deleteOrigin + " " + policy + " needs --s3upload s3://bucket/prefix: the run"
                    + " directory is only deleted once its files are safe in S3");
        }
        NotifyTargets notify;
        try {
            notify = NotifyTargets.from(config);
        } catch (NotifyTargets.BadTarget e) {
            throw new UsageException(e.getMessage());
        }
        boolean insideBatch = env.get("AWS_BATCH_JOB_ID") != null && !env.get("AWS_BATCH_JOB_ID").isEmpty();
        String group = config.optionalString("aws", "log_group");
        WorkflowLogging logging = insideBatch ? WorkflowLogging.insideBatch(config.bool("logging", "json"))
                : group != null ? WorkflowLogging.cloudWatch(group, config.optionalString("aws", "log_stream"))
                : WorkflowLogging.none();
        WorkflowJob job = new WorkflowJob(env, target, policy, logging);
        if (notify.any()) {
            job.notifications = new RunNotifications(new RunNotifier(notify, AwsClients.standard()),
                    env.get("AWS_BATCH_JOB_ID"));
        }
        if (target != null) {
            job.s3 = S3Clients.fromEnvironment();
            try {
                new S3Uploader(job.s3).proveWriteAccess(target.base());
            } catch (IOException e) {
                job.close();
                throw new UsageException(s3Origin + " " + s3upload + ": no write access, nothing was run: "
                        + e.getMessage());
            }
            LOG.info("S3 upload to {} checked (test object written)", target.base());
        }
        return job;
    }

    /** The run directory exists: the run has started ([notify] sends its start message). */
    public void started(Path runDir) {
        notifications.started(runDir);
    }

    /** A signal is stopping the run (its end message says STOPPED inside Batch, INTERRUPTED outside). */
    public void interrupted() {
        notifications.interrupted();
    }

    public boolean insideBatchJob() {
        return logging.insideBatchJob();
    }

    /** {@code shipped:<name>}: the bundle from this job's request, as a local zip; anything else as given. */
    public String resolveWdl(String wdl) throws IOException {
        if (!ShippedBundle.isShipped(wdl)) {
            return wdl;
        }
        shippedFolder = Files.createTempDirectory("wdlbatch-shipped-");
        try (BatchClient batch = AwsClients.standard().batch()) {
            return ShippedBundle.materialize(wdl, env, batch, shippedFolder).toString();
        }
    }

    /**
     * After the run: upload, delete-after, end-of-log marker.
     *
     * @param runDir the run directory, or null when the run did not get as far as creating one
     * @param succeeded whether the run succeeded
     * @param exitStatus the run's exit status
     * @return the exit status to exit with: the run's, or 1 when the run succeeded but its upload did not
     */
    public int finish(Path runDir, boolean succeeded, int exitStatus) {
        int status = exitStatus;
        // read before the upload: delete-after may remove the run directory
        RunNotifications.Failure failure = succeeded ? null : notifications.failureOf(runDir);
        String uploadedTo = null;
        if (upload != null && runDir != null) {
            RunUpload.Report report;
            String runName = runDir.getFileName().toString();
            try {
                S3Uploader uploader = new S3Uploader(s3, RunUpload.uploadId(runDir));
                report = new RunUpload(uploader).upload(runDir, upload.claimFolder(runName, uploader));
            } catch (IOException e) {
                LOG.error("{}", e.getMessage());
                report = new RunUpload.Report(upload.folderFor(runName), 0,
                        java.util.List.of("cannot claim an S3 folder for " + runDir + ": " + e.getMessage()));
            }
            if (report.complete()) {
                uploadedTo = report.folder().toString();
                LOG.info("uploaded {} objects to {}", report.objects(), report.folder());
                applyDeleteAfter(runDir, succeeded);
            } else {
                LOG.error("upload to {} incomplete ({} of the run's files failed); the run directory {} is kept",
                        report.folder(), report.failures().size(), runDir);
                if (status == 0) {
                    status = 1;
                }
            }
        }
        notifications.ended(runDir, succeeded, status, failure, uploadedTo); // before the end-of-log marker
        logging.flush();
        logging.endOfLog(status);
        return status;
    }

    private void applyDeleteAfter(Path runDir, boolean succeeded) {
        if (deleteAfter == null || !deleteAfter.appliesTo(succeeded)) {
            return;
        }
        try {
            RunDirectoryDeletion.delete(runDir);
            Path last = runDir.getParent().resolve("_LAST");
            if (Files.isSymbolicLink(last)
                    && Files.readSymbolicLink(last).toString().equals(runDir.getFileName().toString())) {
                Files.deleteIfExists(last);
            }
            LOG.info("--delete-after {}: deleted {}", deleteAfter, runDir);
        } catch (IOException e) {
            LOG.warn("--delete-after {}: could not delete all of {}: {}", deleteAfter, runDir, e.toString());
        }
    }

    @Override
    public void close() {
        notifications.close();
        if (s3 != null) {
            s3.close();
        }
        if (shippedFolder != null) {
            try {
                RunDirectoryDeletion.delete(shippedFolder);
            } catch (IOException e) {
                // a temporary folder; the OS cleans it eventually
            }
        }
        logging.close();
    }

    /**
     * For an exit before {@link #prepare} succeeded (a wrong flag): inside Batch the log still ends with the
     * marker, so a reader following it stops.
     */
    public static int endOfLogWithoutRun(Map<String, String> env, int exitStatus) {
        if (env.get("AWS_BATCH_JOB_ID") != null && !env.get("AWS_BATCH_JOB_ID").isEmpty()) {
            System.err.println(org.wdlbatch.aws.AwsNames.END_OF_LOG_MARKER + " " + exitStatus);
            System.err.flush();
        }
        return exitStatus;
    }
}
