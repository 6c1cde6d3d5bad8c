package org.wdlbatch.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.config.ConfigException;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.json.JsonText;

/**
 * What a run imposes on every task beyond the task's own runtime section (miniwdl's {@code [task_runtime] env,
 * cpu_max, memory_max, as_user} and {@code [file_io] copy_input_files_for}): read once per run from the
 * configuration, which the {@code wdlbatch run} flags {@code --env}, {@code --runtime-cpu-max},
 * {@code --runtime-memory-max}, {@code --as-me} and {@code --copy-input-files-for} write into.
 *
 * @param env variables set in every task, already resolved (a null in the configuration is taken from the
 *     caller's environment here, once, so every call of the run sees the same value); sorted by name
 * @param cpuMax cap on a task's cpu request; 0 = none
 * @param memoryMax cap on a task's memory request in bytes; 0 = none
 * @param asUser run containers as the invoking user's uid:gid
 * @param copyInputFilesFor call or task names whose input files are copied rather than linked
 */
public record TaskOptions(Map<String, String> env, double cpuMax, long memoryMax, boolean asUser,
        Set<String> copyInputFilesFor) {

    /** Bash names (the env file is sourced by bash); AWS Batch reserves the AWS_BATCH prefix. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public static final TaskOptions NONE = new TaskOptions(Map.of(), 0, 0, false, Set.of());

    public TaskOptions {
        env = Collections.unmodifiableMap(new TreeMap<>(env));
        copyInputFilesFor = Set.copyOf(copyInputFilesFor);
    }

    /**
     * @param callerEnv the environment of wdlbatch itself, for variables set to null
     * @throws ConfigException naming the key and the fix when a value is not usable
     */
    public static TaskOptions fromConfig(Config config, Map<String, String> callerEnv) {
        JsonNode envJson = config.json("task_runtime", "env");
        String origin = config.entry("task_runtime", "env").origin();
        Map<String, String> env = new TreeMap<>();
        if (!envJson.isNull()) {
            if (!envJson.isObject()) {
                throw new ConfigException(origin + ": [task_runtime] env must be a JSON object such as"
                        + " {\"LANG\": \"C\", \"TOKEN\": null}");
            }
            for (var it = envJson.fields(); it.hasNext(); ) {
                var e = it.next();
                checkName(e.getKey(), origin);
                if (e.getValue().isNull()) {
                    String v = callerEnv.get(e.getKey()); // miniwdl: passed through only when defined
                    if (v != null) {
                        env.put(e.getKey(), v);
                    }
                } else {
                    JsonNode value = e.getValue();
                    env.put(e.getKey(), value.isTextual() ? value.asText() : JsonText.write(value));
                }
            }
        }
        double cpuMax = config.decimal("task_runtime", "cpu_max");
        long memoryMax = memoryMax(config);
        Set<String> copyFor = new LinkedHashSet<>(config.stringList("file_io", "copy_input_files_for"));
        return new TaskOptions(env, Math.max(0, cpuMax), memoryMax, config.bool("task_runtime", "as_user"),
                copyFor);
    }

    /** A variable name usable in every task: valid in bash, not one AWS Batch reserves. */
    public static void checkName(String name, String origin) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(origin + ": environment variable name '" + name + "' is not valid (use"
                    + " letters, digits and _, not starting with a digit)");
        }
        if (name.startsWith("AWS_BATCH")) {
            // https://docs.aws.amazon.com/batch/latest/APIReference/API_KeyValuePair.html: "Environment variables
            // cannot start with AWS_BATCH. This naming convention is reserved for variables that Batch sets."
            throw new ConfigException(origin + ": environment variable " + name + " starts with AWS_BATCH, which"
                    + " AWS Batch reserves for its own variables; choose another name");
        }
    }

    private static long memoryMax(Config config) {
        var e = config.entry("task_runtime", "memory_max");
        String v = e.value().strip();
        if (v.isEmpty() || v.equals("0") || v.equals("-1")) {
            return 0;
        }
        try {
            long bytes = TaskSettings.memory(new StringValue(v));
            if (bytes <= 0) {
                throw new IllegalArgumentException("not positive");
            }
            return bytes;
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(e.origin() + ": [task_runtime] memory_max = '" + v + "' is not valid; expected"
                    + " a size such as \"64 GiB\", a number of bytes, or 0 for no cap");
        }
    }

    /** Whether the inputs of this call (by call name or task name) are copied rather than linked. */
    public boolean copiesInputsOf(String callName, String taskName) {
        return copyInputFilesFor.contains(callName) || copyInputFilesFor.contains(taskName);
    }

    /** The names of the variables, for logs (values may be secrets). */
    public List<String> envNames() {
        return List.copyOf(env.keySet());
    }
}
