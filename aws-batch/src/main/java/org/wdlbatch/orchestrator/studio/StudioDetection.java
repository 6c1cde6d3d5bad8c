package org.wdlbatch.orchestrator.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/**
 * Running inside a SageMaker Studio app (as miniwdl-aws does): {@code /opt/ml/metadata/resource-metadata.json}
 * names the Studio domain and user profile; the domain's home EFS and the user's uid come from SageMaker; the
 * access point is the one on that file system whose POSIX user is that uid and whose root is {@code /<uid>} (the
 * user's Studio home); the task queue is one tagged with that file system id ({@value #QUEUE_TAG}, or miniwdl's
 * {@value #MINIWDL_QUEUE_TAG}).
 */
public final class StudioDetection {

    private static final Logger LOG = LoggerFactory.getLogger(StudioDetection.class);
    public static final Path METADATA = Path.of("/opt/ml/metadata/resource-metadata.json");
    public static final String QUEUE_TAG = "WdlbatchStudioEfsId";
    public static final String MINIWDL_QUEUE_TAG = "MiniwdlStudioEfsId";

    /** What Studio gives: its file system, the user's access point (or null) and a task queue (or null). */
    public record Studio(String fileSystemId, String uid, String accessPointId, String taskQueue) {}

    /** The two SageMaker lookups Studio detection needs (real one: {@link SageMakerLookup}). */
    public interface SageMaker {
        /** {@code HomeEfsFileSystemId} of the domain. */
        String homeEfsFileSystemId(String domainId);

        /** {@code HomeEfsFileSystemUid} of the user profile. */
        String homeEfsFileSystemUid(String domainId, String userProfileName);
    }

    private StudioDetection() {}

    public static Optional<Studio> detect(EfsClient efs, BatchClient batch) {
        if (!Files.isRegularFile(METADATA)) {
            return Optional.empty();
        }
        return detect(METADATA, new SageMakerLookup(), efs, batch);
    }

    public static Optional<Studio> detect(Path metadata, SageMaker sageMaker, EfsClient efs, BatchClient batch) {
        String domain;
        String user;
        try {
            JsonNode m = new ObjectMapper().readTree(Files.readString(metadata));
            domain = m.path("DomainId").asText("");
            user = m.path("UserProfileName").asText("");
        } catch (IOException e) {
            LOG.warn("cannot read SageMaker Studio metadata {}: {}", metadata, e.toString());
            return Optional.empty();
        }
        if (domain.isEmpty() || user.isEmpty()) {
            return Optional.empty();
        }
        String fs;
        String uid;
        try {
            fs = sageMaker.homeEfsFileSystemId(domain);
            uid = sageMaker.homeEfsFileSystemUid(domain, user);
        } catch (RuntimeException e) {
            LOG.warn("SageMaker Studio metadata found ({}), but the domain could not be described: {}", metadata,
                    e.toString());
            return Optional.empty();
        }
        String ap = accessPoint(efs.describeAccessPoints(r -> r.fileSystemId(fs)).accessPoints(), uid);
        String queue = taskQueue(batch.describeJobQueuesPaginator(r -> r.maxResults(100)).jobQueues()
                .stream().toList(), fs);
        return Optional.of(new Studio(fs, uid, ap, queue));
    }

    /** The access point of the Studio user: POSIX uid = the user's, root directory = {@code /<uid>}. */
    static String accessPoint(List<AccessPointDescription> aps, String uid) {
        for (AccessPointDescription ap : aps) {
            boolean sameUid = ap.posixUser() != null && String.valueOf(ap.posixUser().uid()).equals(uid);
            boolean home = ap.rootDirectory() != null && ("/" + uid).equals(ap.rootDirectory().path());
            if (sameUid && home) {
                return ap.accessPointId();
            }
        }
        return null;
    }

    /** A queue tagged with the Studio file system id. */
    static String taskQueue(List<JobQueueDetail> queues, String fs) {
        for (JobQueueDetail q : queues) {
            Map<String, String> tags = q.tags();
            if (fs.equals(tags.get(QUEUE_TAG)) || fs.equals(tags.get(MINIWDL_QUEUE_TAG))) {
                return q.jobQueueName();
            }
        }
        return null;
    }
}
