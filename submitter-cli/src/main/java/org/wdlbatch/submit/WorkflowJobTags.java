package org.wdlbatch.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.aws.PropagatedTags;
import org.wdlbatch.wdl.json.JsonText;

/**
 * The user's tags of a run, for cost attribution: {@code [aws] tags} (a JSON object, {@code WDLBATCH__AWS__TAGS})
 * with {@code --tag KEY=VALUE} on top (a flag wins over the same key in the configuration). They go on the workflow
 * job and its job definition, propagated to its Fargate task, and on to every task job (the workflow job's
 * {@code [aws] tags}). Checked here against the rules of propagated tags, so a bad tag fails before anything is
 * submitted rather than as a FAILED job minutes later.
 */
final class WorkflowJobTags {

    static final String CONFIG_KEY = "aws.tags";
    /** Task jobs carry 4 tags of their own besides the user's (TaskTags in the orchestrator). */
    static final int TASK_JOB_OWN_TAGS = 4;

    private WorkflowJobTags() {}

    /** The merged tags, checked; an empty map when none are given. */
    static Map<String, String> resolve(List<String> flags, Map<String, String> env) throws UsageException {
        Map<String, String> tags = new LinkedHashMap<>();
        String variable = ConfigKeys.variableOf(CONFIG_KEY);
        String json = env.get(variable);
        if (json != null && !json.isBlank()) {
            JsonNode n;
            try {
                n = JsonText.read(json);
            } catch (Exception e) {
                throw new UsageException(variable + " ([aws] tags) must be a JSON object such as {\"project\": \"x\"},"
                        + " not " + json);
            }
            if (!n.isObject()) {
                throw new UsageException(variable + " ([aws] tags) must be a JSON object such as {\"project\": \"x\"},"
                        + " not " + json);
            }
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new UsageException(variable + " ([aws] tags): tag \"" + e.getKey() + "\" must have a string"
                            + " value, not " + e.getValue());
                }
                tags.put(e.getKey(), e.getValue().asText());
            }
            check(tags, variable + " ([aws] tags)");
        }
        for (String f : flags) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--tag " + f + ": give KEY=VALUE, e.g. --tag project=genomics");
            }
            String key = f.substring(0, eq);
            String value = f.substring(eq + 1);
            check(Map.of(key, value), "--tag " + f);
            tags.put(key, value);
        }
        int budget = PropagatedTags.MAX_TAGS - TASK_JOB_OWN_TAGS;
        if (tags.size() > budget) {
            throw new UsageException(tags.size() + " tags from --tag and [aws] tags; at most " + budget + " fit: AWS"
                    + " Batch propagates a job's tags to its ECS task and fails a job with more than "
                    + PropagatedTags.MAX_TAGS + ", and each task job carries " + TASK_JOB_OWN_TAGS
                    + " wdlbatch: tags of its own");
        }
        return tags;
    }

    private static void check(Map<String, String> tags, String source) throws UsageException {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String problem = PropagatedTags.problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new UsageException(source + ": tag \"" + e.getKey() + "\": " + problem);
            }
        }
    }

    /** The tags as the workflow job reads {@code [aws] tags}: a JSON object. */
    static String json(Map<String, String> tags) {
        com.fasterxml.jackson.databind.node.ObjectNode o = JsonNodeFactory.instance.objectNode();
        tags.forEach(o::put);
        return JsonText.write(o);
    }
}
