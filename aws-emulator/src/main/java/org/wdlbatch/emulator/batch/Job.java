package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Batch job (a plain job, an array parent, or an array child) and everything DescribeJobs reports about it.
 * Mutated only under the {@link BatchState} lock. Public fields so the data folder can store it as JSON.
 */
public final class Job {

    /** A dependency as SubmitJob states it; {@code type} N_TO_N or SEQUENTIAL applies to array jobs. */
    public record Dependency(String jobId, String type) {}

    public String id;
    public String arn;
    public String name;
    public String queueName;
    public String queueArn;
    public String jobDefinitionArn;
    public String jobDefinitionName;
    /** The effective container: the job definition's containerProperties with the overrides applied. */
    public ObjectNode container;
    /** The containerOverrides as submitted, counted against ECS's 8 KiB limit. */
    public ObjectNode containerOverrides;
    public Map<String, String> parameters = new LinkedHashMap<>();
    public ObjectNode retryStrategy;
    public Integer attemptDurationSeconds;
    public boolean propagateTags;
    public List<String> platformCapabilities = new ArrayList<>();
    public Integer schedulingPriority;
    public String shareIdentifier;
    public List<Dependency> dependsOn = new ArrayList<>();
    /** Set at SubmitJob when AWS accepts the job but fails it when its task is created (e.g. too many tags). */
    public String failAtStart;
    /** When the job began waiting in RUNNABLE for a reason no instance can change, for the queue's time limits. */
    public Long blockedSince;

    public JobStatus status = JobStatus.SUBMITTED;
    public String statusReason;
    public long createdAt;
    public Long startedAt;
    public Long stoppedAt;
    public List<ObjectNode> attempts = new ArrayList<>();
    public Integer exitCode;
    public String containerReason;
    public String logStreamName;
    public String taskArn;
    public String containerInstanceArn;
    public boolean cancelled;
    public boolean terminated;

    /** Array parent: the number of children. */
    public Integer arraySize;
    /** Array child: its index; its parent's id is the part of {@link #id} before the colon. */
    public Integer arrayIndex;
    public String parentId;
    public List<String> childIds = new ArrayList<>();

    /** Runtime only: what stopped the running attempt, so its exit is reported as AWS would. */
    @JsonIgnore public volatile StopCause stopCause;
    @JsonIgnore public volatile String stopReason;
    @JsonIgnore public volatile boolean launching;
    @JsonIgnore public volatile JobProcess process;
    @JsonIgnore public long attemptStartedAt;
    /** The attempt runs without a process (the benchmark mode {@code runner.noProcessRunMillis}). */
    @JsonIgnore public boolean withoutProcess;

    /** Why a running attempt was stopped from outside. */
    public enum StopCause { TERMINATED, TIMEOUT, SPOT_RECLAIM }

    public boolean isArrayParent() {
        return arraySize != null;
    }

    public int attemptNumber() {
        return attempts.size() + 1;
    }

    public int maxAttempts() {
        return retryStrategy == null ? 1 : Math.max(1, retryStrategy.path("attempts").asInt(1));
    }
}
