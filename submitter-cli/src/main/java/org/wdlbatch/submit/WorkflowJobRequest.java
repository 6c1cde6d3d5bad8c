package org.wdlbatch.submit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.aws.ShippedWdl;
import software.amazon.awssdk.services.batch.model.AssignPublicIp;
import software.amazon.awssdk.services.batch.model.ContainerOverrides;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.EFSTransitEncryption;
import software.amazon.awssdk.services.batch.model.EvaluateOnExit;
import software.amazon.awssdk.services.batch.model.RetryAction;
import software.amazon.awssdk.services.batch.model.RetryStrategy;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.MountPoint;
import software.amazon.awssdk.services.batch.model.PlatformCapability;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.Volume;
import org.wdlbatch.wdl.json.JsonText;

/**
 * The workflow job's requests: its one-off job definition (Fargate, EFS through the access point with transit
 * encryption, the workflow role) and its SubmitJob (the {@code wdlbatch run} command and the environment). The
 * shipped WDL fills what room the container overrides (8,192 characters, command and environment, Batch's own
 * variables included) and the 50 tags of job and job definition leave.
 */
final class WorkflowJobRequest {

    /** ECS's limit on container overrides (command and environment as JSON). */
    static final int OVERRIDES_LIMIT = 8192;
    /** Room kept for the variables Batch adds (AWS_BATCH_JOB_ID, AWS_BATCH_JQ_NAME, ...) and for safety. */
    static final int BATCH_VARIABLES_RESERVE = 640;
    static final int MAX_TAGS = 50;
    static final String TAG_WDL = "wdlbatch:wdl";
    static final String TAG_RUN_DIR = "wdlbatch:run-dir";

    /** Attempts of the workflow job: the first and up to two retries after lost hosts or memory kills. */
    static final int ATTEMPTS = 3;

    /**
     * The workflow job is retried when the orchestrator was lost, never when the workflow failed: a retried attempt
     * resumes the run directory of the first ({@code <dir>/_JOBS/<job id>}), so a retry pays for no finished call
     * and no running task job twice. Rules in order (the first match decides; the patterns are AWS's globs, letters,
     * digits, '.', ':' and spaces with an optional trailing '*', at most 5 conditions:
     * https://docs.aws.amazon.com/batch/latest/APIReference/API_EvaluateOnExit.html):
     * <ol>
     *   <li>status reason {@code Host EC2*}: the instance was terminated (spot reclaim, lost host): retry;</li>
     *   <li>container reason {@code OutOfMemoryError*}: ECS killed the container for its memory: retry;</li>
     *   <li>exit code 137 (SIGKILL: the kernel's out-of-memory killer, a task stopped without grace): retry;</li>
     *   <li>any other exit code (1: the workflow failed, 2: bad WDL or inputs, ...): exit, not retried.</li>
     * </ol>
     * A job stopped without an exit code that matches none of these (a Fargate task stopped by AWS) is retried, as
     * Batch retries when no condition matches; a job stopped by TerminateJob is never retried.
     */
    static final RetryStrategy RETRY = RetryStrategy.builder().attempts(ATTEMPTS).evaluateOnExit(
            EvaluateOnExit.builder().onStatusReason("Host EC2*").action(RetryAction.RETRY).build(),
            EvaluateOnExit.builder().onReason("OutOfMemoryError*").action(RetryAction.RETRY).build(),
            EvaluateOnExit.builder().onExitCode("137").action(RetryAction.RETRY).build(),
            EvaluateOnExit.builder().onExitCode("*").action(RetryAction.EXIT).build()).build();

    private final Settings s;
    private final String jobName;
    private final List<String> command;
    private final Map<String, String> environment;
    private final WdlSource wdl;
    private final ShippedWdl.Parts parts;
    /** The user's tags ({@code --tag}, {@code [aws] tags}), on job and job definition, propagated to the task. */
    private final Map<String, String> userTags;
    /** Fair-share scheduling of the workflow job (none: a FIFO workflow queue). */
    private FairShare fairShare = new FairShare(null, null, null);

    /** @throws ShippedWdl.TooLargeException when the WDL (or the command alone) does not fit */
    WorkflowJobRequest(Settings s, String jobName, List<String> command, Map<String, String> environment, WdlSource wdl)
            throws ShippedWdl.TooLargeException {
        this(s, jobName, command, environment, wdl, Map.of());
    }

    /**
     * With user tags the job propagates its tags to its Fargate task (cost attribution); the shipped WDL then shares
     * the 50 tags of job and definition with them. Without, nothing is propagated and the WDL keeps both 50s.
     */
    WorkflowJobRequest(Settings s, String jobName, List<String> command, Map<String, String> environment, WdlSource wdl,
            Map<String, String> userTags) throws ShippedWdl.TooLargeException {
        this.s = s;
        this.userTags = Map.copyOf(userTags);
        this.jobName = jobName;
        this.command = command;
        this.environment = environment;
        this.wdl = wdl;
        if (wdl.shipped()) {
            int envRoom = OVERRIDES_LIMIT - BATCH_VARIABLES_RESERVE - overridesChars(command, environment)
                    - ("{\"name\":\"" + ShippedWdl.ENV + "\",\"value\":\"\"},").length();
            this.parts = propagates()
                    ? ShippedWdl.splitPropagated(wdl.bundle(), Math.max(0, envRoom), reservedTags())
                    : ShippedWdl.split(wdl.bundle(), Math.max(0, envRoom), MAX_TAGS - ownJobTags().size(),
                            MAX_TAGS - ownJobDefinitionTags().size());
        } else {
            this.parts = null;
        }
    }

    /** Characters of the container overrides as ECS counts them (JSON of command and environment). */
    static int overridesChars(List<String> command, Map<String, String> environment) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("name", "default");
        ArrayNode cmd = o.putArray("command");
        command.forEach(cmd::add);
        ArrayNode env = o.putArray("environment");
        environment.forEach((k, v) -> env.addObject().put("name", k).put("value", v));
        return JsonText.write(o).length();
    }

    /** The overrides this job will send, for the check that they fit. */
    int overridesChars() {
        return overridesChars(command, fullEnvironment());
    }

    ShippedWdl.Parts parts() {
        return parts;
    }

    private Map<String, String> fullEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(environment);
        if (parts != null) {
            env.put(ShippedWdl.ENV, parts.env());
        }
        return env;
    }

    /** The workflow job's shareIdentifier and schedulingPriorityOverride, checked against its queue. */
    WorkflowJobRequest scheduling(FairShare f) {
        this.fairShare = f;
        return this;
    }

    /** Whether job and definition propagate their tags to the ECS task: when the user gave tags to attribute. */
    boolean propagates() {
        return !userTags.isEmpty();
    }

    /** Distinct tag keys of job and definition besides the shipped WDL's. */
    private int reservedTags() {
        java.util.Set<String> keys = new java.util.HashSet<>(ownJobTags().keySet());
        keys.addAll(ownJobDefinitionTags().keySet());
        keys.addAll(userTags.keySet());
        return keys.size();
    }

    private Map<String, String> ownJobTags() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(TAG_WDL, tagValue(wdl.name()));
        t.put(TAG_RUN_DIR, tagValue(s.dir()));
        return t;
    }

    private Map<String, String> ownJobDefinitionTags() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(TAG_WDL, tagValue(wdl.name()));
        return t;
    }

    RegisterJobDefinitionRequest jobDefinition() {
        List<ResourceRequirement> resources = List.of(
                ResourceRequirement.builder().type(ResourceType.VCPU).value(s.cpu()).build(),
                ResourceRequirement.builder().type(ResourceType.MEMORY).value(Integer.toString(s.memoryGiB() * 1024))
                        .build());
        ContainerProperties.Builder c = ContainerProperties.builder().image(s.image()).resourceRequirements(resources);
        if (s.efs()) {
            c.executionRoleArn(s.workflowRole()).jobRoleArn(s.workflowRole())
                    .fargatePlatformConfiguration(f -> f.platformVersion("LATEST"))
                    .networkConfiguration(n -> n.assignPublicIp(s.publicIp() ? AssignPublicIp.ENABLED
                            : AssignPublicIp.DISABLED))
                    .volumes(Volume.builder().name("efs").efsVolumeConfiguration(e -> e.fileSystemId(s.fileSystemId())
                            .transitEncryption(EFSTransitEncryption.ENABLED)
                            .authorizationConfig(a -> a.accessPointId(s.fsap()))).build());
        } else {
            // no EFS: the EC2 compute environments mount a shared file system at the mount point themselves
            if (s.workflowRole() != null) {
                c.jobRoleArn(s.workflowRole());
            }
            c.volumes(Volume.builder().name("shared").host(h -> h.sourcePath(s.mount())).build());
        }
        c.mountPoints(MountPoint.builder().sourceVolume(s.efs() ? "efs" : "shared").containerPath(s.mount())
                .readOnly(false).build());
        Map<String, String> tags = new LinkedHashMap<>(userTags);
        tags.putAll(ownJobDefinitionTags());
        if (parts != null) {
            tags.putAll(parts.jobDefinitionTags());
        }
        return RegisterJobDefinitionRequest.builder().jobDefinitionName(jobName).type(JobDefinitionType.CONTAINER)
                .platformCapabilities(s.efs() ? PlatformCapability.FARGATE : PlatformCapability.EC2)
                .containerProperties(c.build()).tags(tags).propagateTags(propagates()).build();
    }

    SubmitJobRequest submit(String jobDefinitionArn) {
        List<KeyValuePair> env = new ArrayList<>();
        fullEnvironment().forEach((k, v) -> env.add(KeyValuePair.builder().name(k).value(v).build()));
        Map<String, String> tags = new LinkedHashMap<>(userTags);
        tags.putAll(ownJobTags());
        if (parts != null) {
            tags.putAll(parts.jobTags());
        }
        return SubmitJobRequest.builder().jobName(jobName).jobQueue(s.workflowQueue())
                .jobDefinition(jobDefinitionArn)
                .retryStrategy(RETRY)
                .propagateTags(propagates())
                .shareIdentifier(fairShare.shareIdentifier())
                .schedulingPriorityOverride(fairShare.schedulingPriority())
                .containerOverrides(ContainerOverrides.builder().command(command).environment(env).build())
                .tags(tags).build();
    }

    /** One of our own tag values; propagated to ECS, characters ECS refuses become {@code _}. */
    private String tagValue(String v) {
        String clipped = clip(v, 256);
        return propagates() ? clipped.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_") : clipped;
    }

    private static String clip(String v, int max) {
        return v.length() <= max ? v : v.substring(v.length() - max);
    }
}
