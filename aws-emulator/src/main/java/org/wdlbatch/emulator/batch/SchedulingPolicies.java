package org.wdlbatch.emulator.batch;

import static org.wdlbatch.emulator.batch.BatchValidation.client;
import static org.wdlbatch.emulator.batch.BatchValidation.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * Fair-share scheduling policies and the job queues that use them: CreateSchedulingPolicy,
 * DescribeSchedulingPolicies, ListSchedulingPolicies, UpdateJobQueue's {@code schedulingPolicyArn}, the
 * {@code schedulingPolicyArn} DescribeJobQueues shows, and what SubmitJob must carry on such a queue. Jobs are still
 * started in queue order: the emulator checks the requests as AWS does, it does not weigh shares.
 */
final class SchedulingPolicies {

    /**
     * "It can be up to 128 letters long. It can contain uppercase and lowercase letters, numbers, hyphens (-), and
     * underscores (_)." (https://docs.aws.amazon.com/batch/latest/APIReference/API_CreateSchedulingPolicy.html)
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /**
     * "The minimum supported value is 0 and the maximum supported value is 9999."
     * (https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html, schedulingPriorityOverride)
     */
    static final int MAX_PRIORITY = 9999;

    private final BatchState state;
    /** Policies by ARN, in creation order. */
    private final Map<String, ObjectNode> policies = new LinkedHashMap<>();
    /** The policy of each fair-share queue, by queue name; FIFO queues are absent. */
    private final Map<String, String> queuePolicy = new HashMap<>();

    SchedulingPolicies(BatchState state) {
        this.state = state;
    }

    /** https://docs.aws.amazon.com/batch/latest/APIReference/API_CreateSchedulingPolicy.html */
    synchronized JsonNode create(ObjectNode in) {
        String name = required(in, "name");
        if (!NAME.matcher(name).matches()) {
            throw client("Error executing request, Exception : name '" + name + "' must be up to 128 letters,"
                    + " numbers, hyphens and underscores");
        }
        BatchValidation.tags(in.get("tags"));
        String arn = state.arnPrefix() + "scheduling-policy/" + name;
        if (policies.containsKey(arn)) {
            throw client("Error executing request, Exception : Scheduling policy " + name + " already exists");
        }
        ObjectNode p = Json.object().put("name", name).put("arn", arn);
        p.set("fairsharePolicy", in.has("fairsharePolicy") ? in.get("fairsharePolicy").deepCopy() : Json.object());
        p.set("tags", in.has("tags") ? in.get("tags").deepCopy() : Json.object());
        policies.put(arn, p);
        return Json.object().put("name", name).put("arn", arn);
    }

    /** https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeSchedulingPolicies.html */
    synchronized JsonNode describe(ObjectNode in) {
        List<String> arns = Json.strings(in, "arns");
        if (!in.has("arns")) {
            throw client("arns is required");
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("schedulingPolicies");
        for (String arn : arns) {
            ObjectNode p = policies.get(arn);
            if (p != null) {
                arr.add(p.deepCopy());
            }
        }
        return out;
    }

    /** https://docs.aws.amazon.com/batch/latest/APIReference/API_ListSchedulingPolicies.html */
    synchronized JsonNode list() {
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("schedulingPolicies");
        policies.keySet().forEach(arn -> arr.addObject().put("arn", arn));
        return out;
    }

    /**
     * UpdateJobQueue's {@code schedulingPolicyArn} (its other members are not emulated): "Once a job queue is
     * created, the fair-share scheduling policy can be replaced but not removed."
     * (https://docs.aws.amazon.com/batch/latest/APIReference/API_UpdateJobQueue.html)
     */
    JsonNode updateQueue(ObjectNode in) {
        String ref = required(in, "jobQueue");
        EmulatorConfig.Queue queue = state.queue(ref);
        if (queue == null) {
            throw client("Error executing request, Exception : JobQueue " + ref + " not found.");
        }
        for (String member : List.of("state", "priority", "computeEnvironmentOrder", "jobStateTimeLimitActions",
                "serviceEnvironmentOrder")) {
            if (in.has(member)) {
                throw client("aws-emulator emulates only schedulingPolicyArn of UpdateJobQueue, not " + member);
            }
        }
        synchronized (this) {
            if (in.has("schedulingPolicyArn")) {
                String arn = in.get("schedulingPolicyArn").asText("");
                if (arn.isEmpty()) {
                    if (queuePolicy.containsKey(queue.name)) {
                        throw client("Error executing request, Exception : The scheduling policy of a job queue can be"
                                + " replaced but not removed");
                    }
                } else {
                    if (!policies.containsKey(arn)) {
                        throw client("Error executing request, Exception : Scheduling policy " + arn
                                + " does not exist");
                    }
                    queuePolicy.put(queue.name, arn);
                }
            }
        }
        return Json.object().put("jobQueueName", queue.name).put("jobQueueArn", state.queueArn(queue.name));
    }

    synchronized boolean exists(String arn) {
        return policies.containsKey(arn);
    }

    /** Adds {@code schedulingPolicyArn} to a queue of DescribeJobQueues when it has one. */
    synchronized void describeQueue(String queueName, ObjectNode queue) {
        String arn = queuePolicy.get(queueName);
        if (arn != null) {
            queue.put("schedulingPolicyArn", arn);
        }
    }

    /**
     * SubmitJob on a queue: "shareIdentifier: The share identifier for the job. Don't specify this parameter if the
     * job queue doesn't have a fair-share scheduling policy. If the job queue has a fair-share scheduling policy,
     * then this parameter must be specified." schedulingPriorityOverride: "The minimum supported value is 0 and the
     * maximum supported value is 9999." (https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html)
     */
    synchronized void checkSubmission(String queueName, ObjectNode in) {
        String share = Json.text(in, "shareIdentifier");
        boolean fairShare = queuePolicy.containsKey(queueName);
        if (fairShare && (share == null || share.isEmpty())) {
            throw client("Error executing request, Exception : Job queue " + queueName + " has a fair share"
                    + " scheduling policy: shareIdentifier is required");
        }
        if (!fairShare && share != null) {
            throw client("Error executing request, Exception : Job queue " + queueName + " has no fair share"
                    + " scheduling policy: shareIdentifier must not be specified");
        }
        if (in.has("schedulingPriorityOverride")) {
            JsonNode p = in.get("schedulingPriorityOverride");
            if (!p.canConvertToInt() || p.asInt() < 0 || p.asInt() > MAX_PRIORITY) {
                throw client("Error executing request, Exception : schedulingPriorityOverride must be between 0 and "
                        + MAX_PRIORITY + ", got " + p);
            }
        }
    }
}
