package org.wdlbatch.engine.task;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.config.ConfigException;
import org.wdlbatch.wdl.json.JsonText;

/**
 * miniwdl's {@code run} flags that shape every task ({@code --env}, {@code --runtime-cpu-max},
 * {@code --runtime-memory-max}, {@code --as-me}, {@code --copy-input-files-for}) as configuration settings, so
 * that a flag, a {@code .cfg} file and a {@code WDLBATCH__}/{@code MINIWDL__} variable mean the same thing
 * ({@link TaskOptions} reads them). Shared by {@code wdlbatch run} and {@code submit_awsbatch}.
 */
public final class TaskOptionFlags {

    public static final String AS_ME_ON_BATCH = "--as-me runs local containers as your uid:gid; on AWS Batch a task"
            + " job runs as its image's user on an instance where your uid means nothing. Set the user in the image"
            + " (USER) or in [aws] container_properties, e.g. {\"user\": \"1000:1000\"}, and drop --as-me";

    private TaskOptionFlags() {}

    /** Writes the given flags (null / empty / false: not given) into {@code b}. */
    public static void apply(Config.Builder b, List<String> env, Double cpuMax, String memoryMax, boolean asMe,
            List<String> copyInputFilesFor) {
        if (!env.isEmpty()) {
            b.mergeObject("task_runtime", "env", JsonText.write(envObject(env, null)), "--env");
        }
        if (cpuMax != null) {
            b.set("task_runtime", "cpu_max", Double.toString(cpuMax), "--runtime-cpu-max");
        }
        if (memoryMax != null) {
            b.set("task_runtime", "memory_max", memoryMax, "--runtime-memory-max");
        }
        if (asMe) {
            b.set("task_runtime", "as_user", "true", "--as-me");
        }
        if (!copyInputFilesFor.isEmpty()) {
            ArrayNode names = JsonNodeFactory.instance.arrayNode();
            copyInputFilesFor.forEach(names::add);
            b.set("file_io", "copy_input_files_for", JsonText.write(names), "--copy-input-files-for");
        }
    }

    /**
     * {@code --env} arguments as the JSON object of {@code [task_runtime] env}: {@code KEY=VALUE} sets the value,
     * {@code KEY} alone is null (passed through from the environment of whoever reads the setting), or, when
     * {@code resolveFrom} is given, that environment's value right here (a submitter resolves it on the
     * caller's machine: the workflow job's environment is not the caller's). miniwdl's parsing: the first '='
     * splits, a leading '=' is an error.
     */
    public static ObjectNode envObject(List<String> env, Map<String, String> resolveFrom) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (String item : env) {
            int eq = item.indexOf('=');
            if (eq == 0 || item.isEmpty()) {
                throw new ConfigException("--env " + item + ": expected KEY=VALUE or KEY");
            }
            String name = eq < 0 ? item : item.substring(0, eq);
            TaskOptions.checkName(name, "--env " + item);
            if (eq >= 0) {
                o.put(name, item.substring(eq + 1));
            } else if (resolveFrom == null) {
                o.putNull(name);
            } else if (resolveFrom.get(name) != null) {
                o.put(name, resolveFrom.get(name));
            }
        }
        return o;
    }
}
