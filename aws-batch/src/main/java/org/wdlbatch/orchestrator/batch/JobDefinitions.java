package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;

/**
 * Job definitions reused by what they contain: the container properties that cannot be overridden per job
 * (image, volumes, mount points, privileged, user, linuxParameters, ulimits, job role, registry credentials, and
 * the wrapper command) are digested, and each distinct digest is registered once per run, named
 * {@code wdlbatch-<digest>}; every task with the same image shares one definition. All are deregistered when the
 * run ends.
 */
final class JobDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(JobDefinitions.class);

    private final BatchClient batch;
    private final BatchCalls calls;
    private final Map<String, CompletableFuture<String>> byDigest = new ConcurrentHashMap<>();

    JobDefinitions(BatchClient batch, BatchCalls calls) {
        this.batch = batch;
        this.calls = calls;
    }

    static String digest(JsonNode containerProperties) {
        try {
            byte[] canonical = SdkJson.MAPPER.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsBytes(SdkJson.MAPPER.convertValue(containerProperties, Object.class));
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ARN of the definition with these container properties (and digest), registering it on first use. */
    String arn(ObjectNode containerProperties, String digest) throws InterruptedException {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> f = byDigest.putIfAbsent(digest, mine);
        if (f == null) {
            try {
                ContainerProperties props = SdkJson.fromJson(containerProperties,
                        ContainerProperties.serializableBuilderClass(), "[aws] container_properties");
                String arn = calls.call("RegisterJobDefinition", () -> batch.registerJobDefinition(r -> r
                        .jobDefinitionName("wdlbatch-" + digest).type(JobDefinitionType.CONTAINER)
                        .containerProperties(props).propagateTags(true))).jobDefinitionArn();
                LOG.info("registered job definition {} ({})", arn, containerProperties.path("image").asText());
                mine.complete(arn);
            } catch (RuntimeException e) {
                byDigest.remove(digest);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Deregisters every definition this run registered. */
    void deregisterAll() {
        for (CompletableFuture<String> f : byDigest.values()) {
            String arn = f.getNow(null);
            if (arn == null) {
                continue;
            }
            try {
                calls.call("DeregisterJobDefinition", () -> batch.deregisterJobDefinition(r -> r.jobDefinition(arn)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot deregister {}: {}", arn, e.toString());
            }
        }
        byDigest.clear();
    }

    int registered() {
        return byDigest.size();
    }
}
