package org.wdlbatch.emulator.batch;

import static org.wdlbatch.emulator.batch.BatchValidation.client;
import static org.wdlbatch.emulator.batch.BatchValidation.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * CreateJobQueue (https://docs.aws.amazon.com/batch/latest/APIReference/API_CreateJobQueue.html): a queue on
 * compute environments of the world, optionally with a fair-share scheduling policy ("If this parameter is
 * specified, the job queue uses a fair-share scheduling policy. If this parameter isn't specified, the job queue
 * uses a first in, first out (FIFO) scheduling policy."). A created queue holds as many jobs at once as its first
 * compute environment's queues do by default (8); it is not kept across restarts.
 */
final class JobQueueCreation {

    /** "All of the compute environments must be either EC2 (EC2 or SPOT) or Fargate (FARGATE or FARGATE_SPOT)." */
    private static final Set<String> FARGATE = Set.of("FARGATE", "FARGATE_SPOT");

    private final BatchState state;
    private final SchedulingPolicies policies;

    JobQueueCreation(BatchState state, SchedulingPolicies policies) {
        this.state = state;
        this.policies = policies;
    }

    JsonNode create(ObjectNode in) {
        String name = required(in, "jobQueueName");
        BatchValidation.name(name, "jobQueueName");
        BatchValidation.tags(in.get("tags"));
        if (!in.has("priority")) {
            throw client("priority is required");
        }
        JsonNode order = in.path("computeEnvironmentOrder");
        if (!order.isArray() || order.isEmpty() || order.size() > 3) {
            throw client("Error executing request, Exception : computeEnvironmentOrder must name 1 to 3 compute"
                    + " environments");
        }
        TreeMap<Integer, String> byOrder = new TreeMap<>();
        Boolean fargate = null;
        for (JsonNode o : order) {
            String ref = Json.text(o, "computeEnvironment");
            EmulatorConfig.ComputeEnvironment ce = ref == null ? null : state.computeEnvironment(ref);
            if (ce == null) {
                throw client("Error executing request, Exception : Compute environment " + ref + " does not exist");
            }
            boolean f = FARGATE.contains(ce.type);
            if (fargate != null && fargate != f) {
                throw client("Error executing request, Exception : EC2 and Fargate compute environments can't be"
                        + " mixed in a job queue");
            }
            fargate = f;
            byOrder.put(o.path("order").asInt(), ce.name);
        }
        String policy = Json.text(in, "schedulingPolicyArn");
        if (policy != null && !policies.exists(policy)) {
            throw client("Error executing request, Exception : Scheduling policy " + policy + " does not exist");
        }
        EmulatorConfig.Queue q = new EmulatorConfig.Queue();
        q.name = name;
        q.priority = in.get("priority").asInt();
        q.state = in.has("state") ? in.get("state").asText() : "ENABLED";
        q.computeEnvironments.addAll(byOrder.values());
        synchronized (state) {
            if (state.queue(name) != null) {
                throw client("Error executing request, Exception : Object already exists, RequestId: JobQueue " + name);
            }
            // copy on write: readers iterating the old list (the scheduler, DescribeJobQueues) are not disturbed
            List<EmulatorConfig.Queue> queues = new ArrayList<>(state.config.queues);
            queues.add(q);
            state.config.queues = queues;
            state.tags.put(state.queueArn(name), new java.util.LinkedHashMap<>(Json.stringMap(in, "tags")));
        }
        if (policy != null) {
            policies.updateQueue(Json.object().put("jobQueue", name).put("schedulingPolicyArn", policy));
        }
        return Json.object().put("jobQueueName", name).put("jobQueueArn", state.queueArn(name));
    }
}
