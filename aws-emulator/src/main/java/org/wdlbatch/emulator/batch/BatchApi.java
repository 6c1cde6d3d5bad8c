package org.wdlbatch.emulator.batch;

import static org.wdlbatch.emulator.batch.BatchValidation.client;
import static org.wdlbatch.emulator.batch.BatchValidation.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.AwsServiceException;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.http.ServiceApi;
import org.wdlbatch.emulator.http.Throttling;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * AWS Batch on REST-JSON: {@code POST /v1/<operation>} and {@code /v1/tags/<arn>}. Client errors are HTTP 400
 * with {@code x-amzn-ErrorType: ClientException}; throttling is HTTP 429 TooManyRequestsException.
 */
public final class BatchApi implements ServiceApi {

    private static final String CONTENT_TYPE = "application/json";

    private final BatchState state;
    private final JobScheduler scheduler;
    private final Throttling throttling;

    private final ListJobsLag listJobsLag;
    private final SchedulingPolicies schedulingPolicies;
    private final JobQueueCreation jobQueueCreation;

    public BatchApi(BatchState state, JobScheduler scheduler, Throttling throttling) {
        this(state, scheduler, throttling, new ListJobsLag());
    }

    public BatchApi(BatchState state, JobScheduler scheduler, Throttling throttling, ListJobsLag listJobsLag) {
        this.state = state;
        this.scheduler = scheduler;
        this.throttling = throttling;
        this.listJobsLag = listJobsLag;
        this.schedulingPolicies = new SchedulingPolicies(state);
        this.jobQueueCreation = new JobQueueCreation(state, schedulingPolicies);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        try {
            if (!throttling.admit(Throttling.BATCH)) {
                throw new AwsServiceException(429, "TooManyRequestsException", "Too Many Requests");
            }
            JsonNode out = dispatch(request);
            return ApiResponse.of(200, CONTENT_TYPE, Json.bytes(out));
        } catch (AwsServiceException e) {
            ObjectNode err = Json.object().put("message", e.getMessage());
            return ApiResponse.of(e.status(), CONTENT_TYPE, Json.bytes(err)).withHeader("x-amzn-ErrorType", e.code());
        } catch (RuntimeException e) {
            ObjectNode err = Json.object().put("message", "Internal error in aws-emulator: " + e);
            return ApiResponse.of(500, CONTENT_TYPE, Json.bytes(err)).withHeader("x-amzn-ErrorType", "ServerException");
        }
    }

    private JsonNode dispatch(ApiRequest r) {
        String path = r.path();
        if (path.startsWith("/v1/tags/")) {
            String arn = URLDecoder.decode(path.substring("/v1/tags/".length()), StandardCharsets.UTF_8);
            switch (r.method()) {
                case "GET": return listTags(arn);
                case "POST": {
                    ObjectNode tagsIn = Json.parseObject(r.body(), "ClientException");
                    BatchRequestShape.check(path, tagsIn);
                    return tagResource(arn, tagsIn);
                }
                case "DELETE": return untagResource(arn, r.rawQuery());
                default: throw client("Unsupported method " + r.method() + " on " + path);
            }
        }
        ObjectNode in = Json.parseObject(r.body(), "ClientException");
        BatchRequestShape.check(path, in);
        switch (path) {
            case "/v1/registerjobdefinition":
                BatchValidation.payload(r.body(), BatchValidation.REGISTER_JOB_DEFINITION_LIMIT, "Job definition");
                return registerJobDefinition(in);
            case "/v1/deregisterjobdefinition": return deregisterJobDefinition(in);
            case "/v1/describejobdefinitions": return describeJobDefinitions(in);
            case "/v1/submitjob":
                BatchValidation.payload(r.body(), BatchValidation.SUBMIT_JOB_LIMIT, "Job");
                return submitJob(in);
            case "/v1/describejobs": return describeJobs(in);
            case "/v1/listjobs": return listJobs(in);
            case "/v1/terminatejob": return stopJob(in, true);
            case "/v1/canceljob": return stopJob(in, false);
            case "/v1/describejobqueues": return describeJobQueues(in);
            case "/v1/describecomputeenvironments": return describeComputeEnvironments(in);
            case "/v1/createschedulingpolicy": return schedulingPolicies.create(in);
            case "/v1/describeschedulingpolicies": return schedulingPolicies.describe(in);
            case "/v1/listschedulingpolicies": return schedulingPolicies.list();
            case "/v1/updatejobqueue": return schedulingPolicies.updateQueue(in);
            case "/v1/createjobqueue": return jobQueueCreation.create(in);
            default:
                throw new AwsServiceException(404, "UnknownOperationException",
                        "aws-emulator does not implement " + r.method() + " " + path);
        }
    }

    // ---- job definitions

    private JsonNode registerJobDefinition(ObjectNode in) {
        String name = required(in, "jobDefinitionName");
        BatchValidation.name(name, "jobDefinitionName");
        String type = required(in, "type");
        if (!type.equals("container") && !type.equals("multinode")) {
            throw client("Error executing request, Exception : type must be container or multinode, got '" + type + "'");
        }
        if (type.equals("container") && !in.path("containerProperties").has("image")
                && !in.has("ecsProperties") && !in.has("eksProperties")) {
            throw client("Error executing request, Exception : containerProperties.image is required for container job definitions");
        }
        BatchValidation.retryStrategy(in.get("retryStrategy"));
        BatchValidation.timeout(in.get("timeout"));
        BatchValidation.tags(in.get("tags"));
        PlatformRules.checkDefinition(in);
        ObjectNode def = in.deepCopy();
        def.put("containerOrchestrationType", "ECS");
        if (!def.has("parameters")) def.putObject("parameters");
        if (!def.has("tags")) def.putObject("tags");
        if (!def.has("propagateTags")) def.put("propagateTags", false);
        synchronized (state) {
            state.addJobDefinition(def);
        }
        return Json.object().put("jobDefinitionName", name).put("jobDefinitionArn", def.get("jobDefinitionArn").asText())
                .put("revision", def.get("revision").asInt());
    }

    private JsonNode deregisterJobDefinition(ObjectNode in) {
        String ref = required(in, "jobDefinition");
        synchronized (state) {
            ObjectNode def = ref.contains(":") ? state.jobDefinition(ref) : null;
            if (def == null) {
                throw client("Error executing request, Exception : Job definition " + ref
                        + " does not exist; give name:revision or the ARN");
            }
            def.put("status", "INACTIVE");
        }
        return Json.object();
    }

    private JsonNode describeJobDefinitions(ObjectNode in) {
        List<String> refs = Json.strings(in, "jobDefinitions");
        String name = Json.text(in, "jobDefinitionName");
        String status = Json.text(in, "status");
        int max = in.path("maxResults").asInt(100);
        int start = offset(Json.text(in, "nextToken"));
        List<ObjectNode> found = new ArrayList<>();
        synchronized (state) {
            if (!refs.isEmpty()) {
                if (refs.size() > 100) {
                    throw client("Error executing request, Exception : jobDefinitions can list at most 100 definitions");
                }
                for (String ref : refs) {
                    if (ref.contains(":")) {
                        ObjectNode d = state.jobDefinition(ref);
                        if (d != null) found.add(d.deepCopy());
                    } else {
                        state.jobDefinitions.getOrDefault(ref, List.of()).forEach(d -> found.add(d.deepCopy()));
                    }
                }
            } else {
                state.jobDefinitions.forEach((n, revs) -> {
                    if (name == null || name.equals(n)) revs.forEach(d -> found.add(d.deepCopy()));
                });
            }
        }
        found.removeIf(d -> status != null && !status.equals(d.path("status").asText()));
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("jobDefinitions");
        int end = Math.min(found.size(), start + max);
        for (int i = start; i < end; i++) arr.add(found.get(i));
        if (end < found.size()) out.put("nextToken", token(end));
        return out;
    }

    // ---- jobs

    private JsonNode submitJob(ObjectNode in) {
        String name = required(in, "jobName");
        BatchValidation.name(name, "jobName");
        String queueRef = required(in, "jobQueue");
        String defRef = required(in, "jobDefinition");
        BatchValidation.retryStrategy(in.get("retryStrategy"));
        BatchValidation.timeout(in.get("timeout"));
        BatchValidation.tags(in.get("tags"));
        JsonNode array = in.get("arrayProperties");
        Integer arraySize = null;
        if (array != null && array.has("size")) {
            arraySize = array.get("size").asInt();
            if (arraySize < 2 || arraySize > 10_000) {
                throw client("Error executing request, Exception : Array job size must be between 2 and 10000, got "
                        + arraySize);
            }
        }
        ObjectNode overrides = in.has("containerOverrides") && in.get("containerOverrides").isObject()
                ? (ObjectNode) in.get("containerOverrides") : Json.object();
        for (JsonNode kv : overrides.path("environment")) {
            if (kv.path("name").asText().startsWith("AWS_BATCH")) {
                throw client("Error executing request, Exception : Environment variable names starting with AWS_BATCH "
                        + "are reserved: " + kv.path("name").asText());
            }
        }
        JsonNode deps = in.path("dependsOn");
        if (deps.size() > 20) {
            throw client("Error executing request, Exception : A job can depend on at most 20 jobs");
        }
        long now = System.currentTimeMillis();
        Job job = new Job();
        synchronized (state) {
            EmulatorConfig.Queue queue = state.queue(queueRef);
            if (queue == null) {
                throw client("Error executing request, Exception : JobQueue " + queueRef + " not found.");
            }
            schedulingPolicies.checkSubmission(queue.name, in);
            ObjectNode def = state.jobDefinition(defRef);
            if (def == null || !"ACTIVE".equals(def.path("status").asText())) {
                throw client("Error executing request, Exception : Job definition " + defRef
                        + (def == null ? " does not exist" : " is INACTIVE"));
            }
            for (JsonNode d : deps) {
                String depId = Json.text(d, "jobId");
                if (depId != null && !state.jobs.containsKey(depId)) {
                    throw client("Error executing request, Exception : Dependent job " + depId + " does not exist");
                }
                job.dependsOn.add(new Job.Dependency(depId, Json.text(d, "type")));
            }
            PlatformRules.checkSubmission(def, overrides, state.computeEnvironmentsOf(queue));
            job.id = UUID.randomUUID().toString();
            job.arn = state.jobArn(job.id);
            job.name = name;
            job.queueName = queue.name;
            job.queueArn = state.queueArn(queue.name);
            job.jobDefinitionArn = def.get("jobDefinitionArn").asText();
            job.jobDefinitionName = def.get("jobDefinitionName").asText();
            job.container = effectiveContainer(def.path("containerProperties"), overrides);
            job.containerOverrides = overrides;
            job.parameters = Json.stringMap(def, "parameters");
            job.parameters.putAll(Json.stringMap(in, "parameters"));
            JsonNode rs = in.has("retryStrategy") ? in.get("retryStrategy") : def.get("retryStrategy");
            job.retryStrategy = rs != null && rs.isObject() ? ((ObjectNode) rs).deepCopy() : null;
            JsonNode timeout = in.has("timeout") ? in.get("timeout") : def.get("timeout");
            if (timeout != null && timeout.has("attemptDurationSeconds")) {
                job.attemptDurationSeconds = timeout.get("attemptDurationSeconds").asInt();
            }
            job.propagateTags = in.has("propagateTags") ? in.get("propagateTags").asBoolean()
                    : def.path("propagateTags").asBoolean(false);
            job.platformCapabilities = Json.strings(def, "platformCapabilities");
            if (in.has("schedulingPriorityOverride")) job.schedulingPriority = in.get("schedulingPriorityOverride").asInt();
            job.shareIdentifier = Json.text(in, "shareIdentifier");
            job.arraySize = arraySize;
            job.createdAt = now;
            state.add(job);
            Map<String, String> t = new LinkedHashMap<>(Json.stringMap(in, "tags"));
            if (job.propagateTags) {
                Map<String, String> defTags = new LinkedHashMap<>(Json.stringMap(def, "tags"));
                defTags.putAll(t);
                t = defTags;
            }
            job.failAtStart = BatchValidation.propagatedTags(job.propagateTags, t.size());
            state.tags.put(job.arn, t);
        }
        return Json.object().put("jobArn", job.arn).put("jobName", job.name).put("jobId", job.id);
    }

    /** The job definition's container properties with the submit-time overrides applied. */
    private static ObjectNode effectiveContainer(JsonNode props, ObjectNode overrides) {
        ObjectNode c = props.isObject() ? ((ObjectNode) props).deepCopy() : Json.object();
        if (overrides.has("command")) c.set("command", overrides.get("command").deepCopy());
        if (overrides.has("vcpus")) c.set("vcpus", overrides.get("vcpus"));
        if (overrides.has("memory")) c.set("memory", overrides.get("memory"));
        if (overrides.has("instanceType")) c.set("instanceType", overrides.get("instanceType"));
        if (overrides.has("environment")) {
            Map<String, String> env = new LinkedHashMap<>();
            c.path("environment").forEach(kv -> env.put(kv.path("name").asText(), kv.path("value").asText("")));
            overrides.get("environment").forEach(kv -> env.put(kv.path("name").asText(), kv.path("value").asText("")));
            ArrayNode arr = c.putArray("environment");
            env.forEach((k, v) -> arr.addObject().put("name", k).put("value", v));
        }
        if (overrides.has("resourceRequirements")) {
            Map<String, JsonNode> reqs = new LinkedHashMap<>();
            c.path("resourceRequirements").forEach(r -> reqs.put(r.path("type").asText(), r));
            overrides.get("resourceRequirements").forEach(r -> reqs.put(r.path("type").asText(), r));
            ArrayNode arr = c.putArray("resourceRequirements");
            reqs.values().forEach(arr::add);
        }
        if (!c.has("command")) c.putArray("command");
        if (!c.has("environment")) c.putArray("environment");
        if (!c.has("volumes")) c.putArray("volumes");
        if (!c.has("mountPoints")) c.putArray("mountPoints");
        return c;
    }

    private JsonNode describeJobs(ObjectNode in) {
        List<String> ids = Json.strings(in, "jobs");
        if (ids.size() > 100) {
            throw client("Error executing request, Exception : jobs can list at most 100 job IDs, got " + ids.size());
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("jobs");
        synchronized (state) {
            for (String id : ids) {
                Job j = state.jobs.get(id.startsWith(state.arnPrefix() + "job/")
                        ? id.substring((state.arnPrefix() + "job/").length()) : id);
                if (j != null) {
                    arr.add(detail(j));
                }
            }
        }
        return out;
    }

    private ObjectNode detail(Job j) {
        ObjectNode o = Json.object();
        o.put("jobArn", j.arn).put("jobName", j.name).put("jobId", j.id).put("jobQueue", j.queueArn)
                .put("status", j.status.name());
        if (j.shareIdentifier != null) o.put("shareIdentifier", j.shareIdentifier);
        if (j.schedulingPriority != null) o.put("schedulingPriority", j.schedulingPriority);
        if (j.statusReason != null) o.put("statusReason", j.statusReason);
        ArrayNode attempts = o.putArray("attempts");
        j.attempts.forEach(attempts::add);
        o.put("createdAt", j.createdAt);
        if (j.retryStrategy != null) o.set("retryStrategy", j.retryStrategy);
        if (j.startedAt != null) o.put("startedAt", j.startedAt);
        if (j.stoppedAt != null) o.put("stoppedAt", j.stoppedAt);
        ArrayNode deps = o.putArray("dependsOn");
        for (Job.Dependency d : j.dependsOn) {
            ObjectNode dn = deps.addObject();
            if (d.jobId() != null) dn.put("jobId", d.jobId());
            if (d.type() != null) dn.put("type", d.type());
        }
        o.put("jobDefinition", j.jobDefinitionArn);
        ObjectNode params = o.putObject("parameters");
        j.parameters.forEach(params::put);
        ObjectNode c = j.container.deepCopy();
        if (!j.isArrayParent()) {
            if (j.exitCode != null) c.put("exitCode", j.exitCode);
            if (j.containerReason != null) c.put("reason", j.containerReason);
            if (j.logStreamName != null) c.put("logStreamName", j.logStreamName);
            if (j.taskArn != null) c.put("taskArn", j.taskArn);
            if (j.containerInstanceArn != null) c.put("containerInstanceArn", j.containerInstanceArn);
            c.putArray("networkInterfaces");
        }
        o.set("container", c);
        if (j.isArrayParent()) {
            ObjectNode ap = o.putObject("arrayProperties");
            ObjectNode summary = ap.putObject("statusSummary");
            state.childSummary(j).forEach((s, n) -> summary.put(s.name(), n));
            ap.put("size", j.arraySize);
        } else if (j.arrayIndex != null) {
            o.putObject("arrayProperties").put("index", j.arrayIndex);
        }
        if (j.attemptDurationSeconds != null) o.putObject("timeout").put("attemptDurationSeconds", j.attemptDurationSeconds);
        ObjectNode tags = o.putObject("tags");
        Map<String, String> t = state.tags.get(j.parentId != null ? state.jobArn(j.parentId) : j.arn);
        if (t != null) t.forEach(tags::put);
        o.put("propagateTags", j.propagateTags);
        ArrayNode pc = o.putArray("platformCapabilities");
        j.platformCapabilities.forEach(pc::add);
        o.put("isCancelled", j.cancelled).put("isTerminated", j.terminated);
        return o;
    }

    private JsonNode listJobs(ObjectNode in) {
        String queueRef = Json.text(in, "jobQueue");
        String arrayJobId = Json.text(in, "arrayJobId");
        String status = Json.text(in, "jobStatus");
        JsonNode filters = in.path("filters");
        int max = in.path("maxResults").asInt(100);
        if (max < 1 || max > 1000) {
            throw client("Error executing request, Exception : maxResults must be between 1 and 1000");
        }
        if ((queueRef == null) == (arrayJobId == null) && !in.has("multiNodeJobId")) {
            throw client("Error executing request, Exception : exactly one of jobQueue, arrayJobId or multiNodeJobId "
                    + "must be given");
        }
        if (status != null) {
            try {
                JobStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw client("Error executing request, Exception : jobStatus '" + status + "' is not one of "
                        + java.util.Arrays.toString(JobStatus.values()));
            }
        }
        boolean useFilters = filters.isArray() && filters.size() > 0;
        String effectiveStatus = useFilters ? null : (status == null ? "RUNNING" : status);
        int start = offset(Json.text(in, "nextToken"));
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("jobSummaryList");
        synchronized (state) {
            List<Job> candidates = new ArrayList<>();
            if (arrayJobId != null) {
                Job parent = state.jobs.get(arrayJobId);
                if (parent == null || !parent.isArrayParent()) {
                    throw client("Error executing request, Exception : Array job " + arrayJobId + " not found");
                }
                parent.childIds.forEach(id -> candidates.add(state.jobs.get(id)));
            } else if (queueRef != null) {
                EmulatorConfig.Queue q = state.queue(queueRef);
                if (q == null) {
                    throw client("Error executing request, Exception : JobQueue " + queueRef + " not found.");
                }
                for (Job j : state.jobs.values()) {
                    if (j.queueName.equals(q.name) && j.parentId == null) candidates.add(j);
                }
            }
            List<Job> matched = new ArrayList<>();
            for (Job j : candidates) {
                if (effectiveStatus != null && !j.status.name().equals(effectiveStatus)) continue;
                if (useFilters && !passes(j, filters)) continue;
                matched.add(j);
            }
            int end = Math.min(matched.size(), start + max);
            List<Job> page = matched.subList(start, end);
            if (arrayJobId != null) {
                page = listJobsLag.apply(page); // the lagging-ListJobs fault (off unless a test switches it on)
            }
            for (Job j : page) arr.add(summary(j));
            if (end < matched.size()) out.put("nextToken", token(end));
        }
        return out;
    }

    private static boolean passes(Job j, JsonNode filters) {
        for (JsonNode f : filters) {
            String name = f.path("name").asText();
            List<String> values = Json.strings(f, "values");
            if (values.isEmpty()) continue;
            String v = values.get(0);
            switch (name) {
                case "JOB_NAME":
                    if (!RetryPolicy.glob(v, j.name)) return false;
                    break;
                case "JOB_DEFINITION":
                    if (!RetryPolicy.glob(v, j.jobDefinitionName) && !RetryPolicy.glob(v, j.jobDefinitionArn)
                            && !RetryPolicy.glob(v, j.jobDefinitionArn.substring(j.jobDefinitionArn.indexOf('/') + 1))) {
                        return false;
                    }
                    break;
                case "BEFORE_CREATED_AT":
                    if (j.createdAt >= Long.parseLong(v)) return false;
                    break;
                case "AFTER_CREATED_AT":
                    if (j.createdAt <= Long.parseLong(v)) return false;
                    break;
                default:
                    throw client("Error executing request, Exception : unknown filter name '" + name
                            + "' (JOB_NAME, JOB_DEFINITION, BEFORE_CREATED_AT, AFTER_CREATED_AT)");
            }
        }
        return true;
    }

    private ObjectNode summary(Job j) {
        ObjectNode o = Json.object().put("jobArn", j.arn).put("jobId", j.id).put("jobName", j.name)
                .put("createdAt", j.createdAt).put("status", j.status.name()).put("jobDefinition", j.jobDefinitionArn);
        if (j.statusReason != null) o.put("statusReason", j.statusReason);
        if (j.startedAt != null) o.put("startedAt", j.startedAt);
        if (j.stoppedAt != null) o.put("stoppedAt", j.stoppedAt);
        if (!j.isArrayParent() && (j.exitCode != null || j.containerReason != null)) {
            ObjectNode c = o.putObject("container");
            if (j.exitCode != null) c.put("exitCode", j.exitCode);
            if (j.containerReason != null) c.put("reason", j.containerReason);
        }
        if (j.isArrayParent()) o.putObject("arrayProperties").put("size", j.arraySize);
        else if (j.arrayIndex != null) o.putObject("arrayProperties").put("index", j.arrayIndex);
        return o;
    }

    private JsonNode stopJob(ObjectNode in, boolean terminate) {
        String id = required(in, "jobId");
        String reason = required(in, "reason");
        boolean found = terminate ? scheduler.terminate(id, reason) : scheduler.cancel(id, reason);
        if (!found) {
            throw client("Error executing request, Exception : Job " + id + " not found");
        }
        return Json.object();
    }

    // ---- queues and compute environments

    private JsonNode describeJobQueues(ObjectNode in) {
        List<String> refs = Json.strings(in, "jobQueues");
        int max = in.path("maxResults").asInt(100);
        int start = offset(Json.text(in, "nextToken"));
        List<EmulatorConfig.Queue> found = new ArrayList<>();
        if (refs.isEmpty()) {
            found.addAll(state.config.queues);
        } else {
            for (String ref : refs) {
                EmulatorConfig.Queue q = state.queue(ref);
                if (q != null) found.add(q);
            }
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("jobQueues");
        int end = Math.min(found.size(), start + max);
        synchronized (state) {
            for (int i = start; i < end; i++) {
                EmulatorConfig.Queue q = found.get(i);
                ObjectNode o = arr.addObject().put("jobQueueName", q.name).put("jobQueueArn", state.queueArn(q.name))
                        .put("state", q.state).put("status", "VALID").put("statusReason", "JobQueue Healthy")
                        .put("priority", q.priority).put("jobQueueType", "ECS");
                ArrayNode order = o.putArray("computeEnvironmentOrder");
                for (int k = 0; k < q.computeEnvironments.size(); k++) {
                    order.addObject().put("order", k + 1)
                            .put("computeEnvironment", state.computeEnvironmentArn(q.computeEnvironments.get(k)));
                }
                schedulingPolicies.describeQueue(q.name, o);
                ObjectNode tags = o.putObject("tags");
                state.tags.getOrDefault(state.queueArn(q.name), Map.of()).forEach(tags::put);
                ArrayNode limits = o.putArray("jobStateTimeLimitActions");
                q.jobStateTimeLimitActions.forEach(a -> limits.addObject().put("reason", a.reason).put("state", a.state)
                        .put("maxTimeSeconds", a.maxTimeSeconds).put("action", a.action));
            }
        }
        if (end < found.size()) out.put("nextToken", token(end));
        return out;
    }

    private JsonNode describeComputeEnvironments(ObjectNode in) {
        List<String> refs = Json.strings(in, "computeEnvironments");
        List<EmulatorConfig.ComputeEnvironment> found = new ArrayList<>();
        if (refs.isEmpty()) {
            found.addAll(state.config.computeEnvironments);
        } else {
            for (String ref : refs) {
                EmulatorConfig.ComputeEnvironment ce = state.computeEnvironment(ref);
                if (ce != null) found.add(ce);
            }
        }
        int max = in.path("maxResults").asInt(100);
        int start = offset(Json.text(in, "nextToken"));
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("computeEnvironments");
        int end = Math.min(found.size(), start + max);
        synchronized (state) {
            for (int i = start; i < end; i++) {
                EmulatorConfig.ComputeEnvironment ce = found.get(i);
                String arn = state.computeEnvironmentArn(ce.name);
                ObjectNode o = arr.addObject().put("computeEnvironmentName", ce.name).put("computeEnvironmentArn", arn)
                        .put("ecsClusterArn", "arn:aws:ecs:" + state.config.region + ":" + state.config.accountId
                                + ":cluster/" + ce.name)
                        .put("type", "MANAGED").put("state", "ENABLED").put("status", "VALID")
                        .put("statusReason", "ComputeEnvironment Healthy").put("containerOrchestrationType", "ECS")
                        .put("uuid", UUID.nameUUIDFromBytes(arn.getBytes(StandardCharsets.UTF_8)).toString())
                        .put("serviceRole", "arn:aws:iam::" + state.config.accountId
                                + ":role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch");
                ObjectNode tags = o.putObject("tags");
                state.tags.getOrDefault(arn, Map.of()).forEach(tags::put);
                ObjectNode cr = o.putObject("computeResources").put("type", ce.type).put("maxvCpus", ce.maxvCpus);
                boolean fargate = ce.type.startsWith("FARGATE");
                if (!fargate) {
                    cr.put("minvCpus", 0).put("desiredvCpus", 0)
                            .put("allocationStrategy", ce.type.equals("SPOT") ? "SPOT_PRICE_CAPACITY_OPTIMIZED"
                                    : "BEST_FIT_PROGRESSIVE");
                    ArrayNode types = cr.putArray("instanceTypes");
                    ce.instanceTypes.forEach(types::add);
                }
                cr.putArray("subnets").add("subnet-0emulator0000001");
                cr.putArray("securityGroupIds").add("sg-0emulator000000001");
            }
        }
        if (end < found.size()) out.put("nextToken", token(end));
        return out;
    }

    // ---- tags

    private Map<String, String> tagsOrFail(String arn) {
        Map<String, String> t = state.tagsOf(arn);
        if (t == null) {
            throw client("Error executing request, Exception : Resource " + arn + " not found");
        }
        return t;
    }

    private JsonNode listTags(String arn) {
        ObjectNode out = Json.object();
        ObjectNode tags = out.putObject("tags");
        synchronized (state) {
            tagsOrFail(arn).forEach(tags::put);
        }
        return out;
    }

    private JsonNode tagResource(String arn, ObjectNode in) {
        JsonNode tags = in.get("tags");
        if (tags == null || !tags.isObject() || tags.size() == 0) {
            throw client("tags is required");
        }
        BatchValidation.tags(tags);
        synchronized (state) {
            Map<String, String> t = tagsOrFail(arn);
            Map<String, String> merged = new LinkedHashMap<>(t);
            tags.fields().forEachRemaining(e -> merged.put(e.getKey(), e.getValue().asText()));
            if (merged.size() > 50) {
                throw client("Error executing request, Exception : Tags: a resource can have at most 50 tags, got "
                        + merged.size());
            }
            t.clear();
            t.putAll(merged);
        }
        return Json.object();
    }

    private JsonNode untagResource(String arn, String rawQuery) {
        List<String> keys = new ArrayList<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("tagKeys")) {
                    keys.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        synchronized (state) {
            tagsOrFail(arn).keySet().removeAll(keys);
        }
        return Json.object();
    }

    // ---- pagination tokens: opaque to clients, an offset inside

    private static String token(int offset) {
        long salt = ThreadLocalRandom.current().nextInt(1 << 16);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((offset + ":" + salt).getBytes(StandardCharsets.US_ASCII));
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            return Integer.parseInt(s.substring(0, s.indexOf(':')));
        } catch (RuntimeException e) {
            throw client("Error executing request, Exception : Invalid nextToken");
        }
    }
}
