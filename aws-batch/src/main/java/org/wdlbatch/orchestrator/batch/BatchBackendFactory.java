package org.wdlbatch.orchestrator.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.aws.QueueCheck;
import org.wdlbatch.engine.config.Config;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;

/**
 * Builds the aws-batch backend from the configuration, checking everything before any job is submitted: the
 * task queue (and fallback) exist, the access point exists (its file system looked up when {@code [aws] fs} is
 * empty), {@code [file_io] root} is a directory and {@code --dir} is under it. A problem is a
 * {@link BatchConfigException} naming the key and the fix ({@code wdlbatch run} exits 2).
 */
public final class BatchBackendFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BatchBackendFactory.class);

    /** Where the backend looked: the credentials' account, the configured region. */
    private static final String THIS_ACCOUNT = "this account and region";

    private BatchBackendFactory() {}

    public static AwsBatchBackend create(Config config, Path runsRoot) {
        return create(config, runsRoot, AwsClients.standard());
    }

    public static AwsBatchBackend create(Config config, Path runsRoot, AwsClients clients) {
        BatchSettings s = BatchSettings.from(config);
        if (s.containerProperties() != null) {
            // refused now rather than at the first submission: a misspelt member is an error naming it
            SdkJson.fromJson(s.containerProperties(),
                    software.amazon.awssdk.services.batch.model.ContainerProperties.serializableBuilderClass(),
                    "[aws] container_properties");
        }
        Path root = s.root();
        if (!Files.isDirectory(root)) {
            throw new BatchConfigException("[file_io] root = " + root + " is not a directory: mount the EFS access"
                    + " point there, or set [file_io] root (WDLBATCH__FILE_IO__ROOT) to where it is mounted");
        }
        Path dir = runsRoot.toAbsolutePath().normalize();
        if (!dir.startsWith(root)) {
            throw new BatchConfigException("--dir " + dir + " is not under [file_io] root " + root
                    + ": task jobs see only the shared file system; pass --dir under " + root);
        }
        BatchClient batch;
        try {
            batch = clients.budgetedBatch();
        } catch (SdkException e) {
            throw new BatchConfigException("cannot create the AWS Batch client: " + AwsClients.explain(e));
        }
        // the checks go through clients retried by the factory's policy: at start-up a throttled account must
        // delay the run, not fail it
        try (EfsClient efs = clients.efs(); BatchClient checks = clients.batch()) {
            String queue = s.taskQueue();
            String fs = s.fs();
            String fsap = s.fsap();
            if (queue == null || (fs == null && fsap == null)) {
                var studio = org.wdlbatch.orchestrator.studio.StudioDetection.detect(efs, checks);
                if (studio.isPresent()) {
                    LOG.info("SageMaker Studio detected: {}", studio.get());
                    if (fs == null && fsap == null) {
                        fs = studio.get().fileSystemId();
                        fsap = studio.get().accessPointId();
                        if (fsap == null) {
                            throw new BatchConfigException("SageMaker Studio: no EFS access point on " + fs
                                    + " with POSIX uid " + studio.get().uid() + " and root /" + studio.get().uid()
                                    + "; set [aws] fsap (WDLBATCH__AWS__FSAP) to the access point task jobs mount");
                        }
                    }
                    if (queue == null) {
                        queue = studio.get().taskQueue();
                    }
                }
            }
            if (queue == null) {
                throw new BatchConfigException("[aws] task_queue is not set: name the Batch job queue for task jobs"
                        + " in the config file ([aws] task_queue = my-queue) or WDLBATCH__AWS__TASK_QUEUE=my-queue");
            }
            checkQueue(checks, queue, "[aws] task_queue");
            if (s.taskQueueFallback() != null) {
                checkQueue(checks, s.taskQueueFallback(), "[aws] task_queue_fallback");
            }
            if (s.gpuTaskQueue() != null) {
                checkQueue(batch, s.gpuTaskQueue(), "[aws] gpu_task_queue");
            }
            if (fsap == null && fs == null && s.efs()) {
                throw new BatchConfigException("[aws] fsap is not set: name the EFS access point task jobs mount"
                        + " ([aws] fsap = fsap-... or WDLBATCH__AWS__FSAP=fsap-...), or set [aws] efs = false when"
                        + " the instances mount the shared file system at [file_io] root themselves");
            }
            if (fsap != null && s.efs()) {
                String ap = fsap;
                List<AccessPointDescription> aps;
                try {
                    aps = efs.describeAccessPoints(r -> r.accessPointId(ap)).accessPoints();
                } catch (AccessPointNotFoundException e) {
                    aps = List.of();
                }
                if (aps.isEmpty()) {
                    throw new BatchConfigException(QueueCheck.noSuchAccessPoint(
                            new QueueCheck.Setting("[aws] fsap", fsap), THIS_ACCOUNT));
                }
                String apFs = aps.get(0).fileSystemId();
                QueueCheck.accessPointFileSystem(new QueueCheck.Setting("[aws] fs", fs), fsap, apFs)
                        .ifPresent(problem -> {
                            throw new BatchConfigException(problem);
                        });
                fs = apFs;
            }
            AwsBatchBackend backend = new AwsBatchBackend(s.withQueueAndFs(queue, fs, fsap), dir, batch);
            backend.imageDigestsFrom(new org.wdlbatch.orchestrator.image.EcrDigestLookup(clients));
            return backend;
        } catch (BatchConfigException e) {
            batch.close();
            throw e;
        } catch (SdkException e) {
            batch.close();
            throw new BatchConfigException("cannot check [aws] task_queue and [aws] fsap: " + AwsClients.explain(e));
        }
    }

    private static void checkQueue(BatchClient batch, String queue, String key) {
        List<JobQueueDetail> found = batch.describeJobQueues(r -> r.jobQueues(queue)).jobQueues();
        if (found.isEmpty()) {
            throw new BatchConfigException(QueueCheck.noSuchQueue(new QueueCheck.Setting(key, queue), THIS_ACCOUNT));
        }
        TaskQueuePlatform.requireEc2(batch, found.get(0), key);
    }
}
