package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.wdlbatch.emulator.http.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * All Batch data: job definitions, jobs, tags, and the configured queues and compute environments.
 * Every read and write happens under this object's monitor; HTTP parsing and rendering of JSON happen outside.
 */
public final class BatchState {

    final EmulatorConfig config;
    /** Jobs by id, in submission order. */
    final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Jobs not yet SUCCEEDED or FAILED, in submission order: what the scheduler looks at. */
    final Set<Job> active = new LinkedHashSet<>();
    /** Job definitions by name, revisions in order (revision n at index n-1). */
    final Map<String, List<ObjectNode>> jobDefinitions = new TreeMap<>();
    /** Tags by resource ARN (queues, compute environments, job definitions, jobs). */
    final Map<String, Map<String, String>> tags = new HashMap<>();

    public BatchState(EmulatorConfig config) {
        this.config = config;
        for (EmulatorConfig.Queue q : config.queues) {
            tags.put(queueArn(q.name), new LinkedHashMap<>(q.tags));
        }
        for (EmulatorConfig.ComputeEnvironment ce : config.computeEnvironments) {
            tags.put(computeEnvironmentArn(ce.name), new LinkedHashMap<>(ce.tags));
        }
    }

    String arnPrefix() {
        return "arn:aws:batch:" + config.region + ":" + config.accountId + ":";
    }

    String queueArn(String name) {
        return arnPrefix() + "job-queue/" + name;
    }

    String computeEnvironmentArn(String name) {
        return arnPrefix() + "compute-environment/" + name;
    }

    String jobArn(String id) {
        return arnPrefix() + "job/" + id;
    }

    /** A queue by name or ARN, or null. */
    EmulatorConfig.Queue queue(String nameOrArn) {
        String name = nameOrArn.startsWith(arnPrefix() + "job-queue/")
                ? nameOrArn.substring((arnPrefix() + "job-queue/").length()) : nameOrArn;
        return config.queue(name);
    }

    /** The compute environments a queue is attached to, in order. */
    java.util.List<EmulatorConfig.ComputeEnvironment> computeEnvironmentsOf(EmulatorConfig.Queue queue) {
        java.util.List<EmulatorConfig.ComputeEnvironment> out = new java.util.ArrayList<>();
        for (String name : queue.computeEnvironments) {
            EmulatorConfig.ComputeEnvironment ce = config.computeEnvironment(name);
            if (ce != null) out.add(ce);
        }
        return out;
    }

    EmulatorConfig.ComputeEnvironment computeEnvironment(String nameOrArn) {
        String name = nameOrArn.startsWith(arnPrefix() + "compute-environment/")
                ? nameOrArn.substring((arnPrefix() + "compute-environment/").length()) : nameOrArn;
        return config.computeEnvironment(name);
    }

    /**
     * A job definition by {@code name} (latest ACTIVE revision), {@code name:revision} or ARN; null when
     * there is none.
     */
    synchronized ObjectNode jobDefinition(String ref) {
        String nameRev = ref.startsWith(arnPrefix() + "job-definition/")
                ? ref.substring((arnPrefix() + "job-definition/").length()) : ref;
        int colon = nameRev.lastIndexOf(':');
        if (colon < 0) {
            List<ObjectNode> revs = jobDefinitions.get(nameRev);
            if (revs == null) {
                return null;
            }
            for (int i = revs.size() - 1; i >= 0; i--) {
                if ("ACTIVE".equals(revs.get(i).path("status").asText())) {
                    return revs.get(i);
                }
            }
            return null;
        }
        List<ObjectNode> revs = jobDefinitions.get(nameRev.substring(0, colon));
        int rev;
        try {
            rev = Integer.parseInt(nameRev.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        return revs == null || rev < 1 || rev > revs.size() ? null : revs.get(rev - 1);
    }

    synchronized ObjectNode addJobDefinition(ObjectNode def) {
        String name = def.get("jobDefinitionName").asText();
        List<ObjectNode> revs = jobDefinitions.computeIfAbsent(name, n -> new ArrayList<>());
        int rev = revs.size() + 1;
        String arn = arnPrefix() + "job-definition/" + name + ":" + rev;
        def.put("jobDefinitionArn", arn).put("revision", rev).put("status", "ACTIVE");
        revs.add(def);
        Map<String, String> t = new LinkedHashMap<>();
        def.path("tags").fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().asText()));
        tags.put(arn, t);
        return def;
    }

    synchronized Job job(String id) {
        return jobs.get(id);
    }

    synchronized void add(Job job) {
        jobs.put(job.id, job);
        active.add(job);
    }

    /** Tags of an ARN; null when the emulator knows no such resource. */
    synchronized Map<String, String> tagsOf(String arn) {
        Map<String, String> t = tags.get(arn);
        if (t == null && arn.startsWith(arnPrefix() + "job/")) {
            Job j = jobs.get(arn.substring((arnPrefix() + "job/").length()));
            if (j != null) {
                t = new LinkedHashMap<>();
                tags.put(arn, t);
            }
        }
        return t;
    }

    /** Number of jobs in each status, as an array parent's statusSummary reports them. */
    synchronized Map<JobStatus, Integer> childSummary(Job parent) {
        Map<JobStatus, Integer> counts = new LinkedHashMap<>();
        for (JobStatus s : JobStatus.values()) {
            counts.put(s, 0);
        }
        for (String id : parent.childIds) {
            Job c = jobs.get(id);
            counts.merge(c.status, 1, Integer::sum);
        }
        return counts;
    }

    public synchronized int jobCount() {
        return jobs.size();
    }

    /** Everything as JSON, for the data folder. */
    public synchronized ObjectNode snapshot() {
        ObjectNode root = Json.object();
        ObjectNode defs = root.putObject("jobDefinitions");
        jobDefinitions.forEach((name, revs) -> {
            ArrayNode arr = defs.putArray(name);
            revs.forEach(arr::add);
        });
        ArrayNode js = root.putArray("jobs");
        jobs.values().forEach(j -> js.add(Json.MAPPER.valueToTree(j)));
        root.set("tags", Json.MAPPER.valueToTree(tags));
        return root;
    }

    /** Loads a snapshot; jobs that were starting or running fail, since their processes are gone. */
    public synchronized void restore(ObjectNode root) throws IOException {
        root.path("jobDefinitions").fields().forEachRemaining(e -> {
            List<ObjectNode> revs = new ArrayList<>();
            e.getValue().forEach(d -> revs.add((ObjectNode) d));
            jobDefinitions.put(e.getKey(), revs);
        });
        for (JsonNode n : root.path("jobs")) {
            Job j = Json.MAPPER.treeToValue(n, Job.class);
            if (j.status == JobStatus.STARTING || j.status == JobStatus.RUNNING) {
                j.status = JobStatus.FAILED;
                j.statusReason = "aws-emulator stopped while the job was running";
                j.stoppedAt = System.currentTimeMillis();
            }
            jobs.put(j.id, j);
            if (!j.status.done()) {
                active.add(j);
            }
        }
        root.path("tags").fields().forEachRemaining(e -> {
            Map<String, String> t = new LinkedHashMap<>();
            e.getValue().fields().forEachRemaining(kv -> t.put(kv.getKey(), kv.getValue().asText()));
            tags.put(e.getKey(), t);
        });
    }
}
