package org.wdlbatch.engine.task;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.wdlbatch.engine.download.DownloadCache;
import org.wdlbatch.wdl.values.Value;

/**
 * Where outputs may point. A run only ever reports (and uploads, and caches) files it made or was given: without
 * this rule an output such as {@code File f = "/etc/passwd"}, {@code "../../x"} or a link the command makes to
 * another user's run would be accepted and uploaded to S3, and on AWS the workflow job can read a whole shared
 * access point.
 * <ul>
 *   <li>{@value #TASK_RULE}: checked when a call's outputs are collected; a breach fails the call
 *       ({@code OutputError}).</li>
 *   <li>{@value #WORKFLOW_RULE}: checked when a workflow's output section is evaluated; a breach fails the run.</li>
 * </ul>
 * The messages name the output, its path and the rule.
 */
public final class OutputPaths {

    public static final String TASK_RULE = "a task output must resolve (links followed) inside its task directory"
            + " or be one of the task's inputs";
    public static final String WORKFLOW_RULE = "a workflow output must be a task output or a workflow input";

    private OutputPaths() {}

    /**
     * Why the output {@code output}, written {@code written} and found at {@code path}, breaks {@link #TASK_RULE};
     * null when it keeps it.
     *
     * @param taskDir the call's directory
     * @param inputs the task's input files and directories (their sources; links are followed)
     */
    public static String taskOutputEscape(String output, String written, Path path, Path taskDir,
            Collection<Path> inputs) {
        Path real;
        try {
            real = path.toRealPath();
            if (real.startsWith(taskDir.toRealPath())) {
                return null;
            }
        } catch (IOException e) {
            return "output " + output + ": " + written + " (" + path + ") cannot be resolved: " + e.getMessage()
                    + " (" + TASK_RULE + ")";
        }
        for (Path input : inputs) {
            try {
                Path in = input.toRealPath();
                if (real.equals(in) || real.startsWith(in)) {
                    return null; // an input (or a file in an input directory) handed on
                }
            } catch (IOException e) {
                // an input that is gone now cannot be what the output names
            }
        }
        return "output " + output + ": " + written + " resolves to " + real + ", outside the task directory "
                + taskDir + " and not one of the task's inputs (" + TASK_RULE + ")";
    }

    /**
     * The paths a workflow's outputs may name: those of its task outputs (added as calls finish) and of its
     * inputs. Safe to use from several threads.
     */
    public static final class Allowed {

        private final Set<Path> paths = ConcurrentHashMap.newKeySet();

        /** Adds the File and Directory paths in {@code values} (task outputs or workflow inputs). */
        public void add(Collection<Value> values) {
            for (Value v : values) {
                for (String p : FileValues.paths(v)) {
                    Path n = normalized(p);
                    if (n != null) {
                        paths.add(n);
                    }
                }
            }
        }

        /**
         * Why one of {@code outputs} (by name, of workflow {@code workflow}) breaks {@link #WORKFLOW_RULE}, given
         * the workflow's own input values {@code inputs}; null when none does. URIs ({@code s3://}, {@code https://})
         * name no local file and are left as they are.
         */
        public String workflowOutputEscape(String workflow, Map<String, Value> outputs, Collection<Value> inputs) {
            Allowed withInputs = new Allowed();
            withInputs.paths.addAll(paths);
            withInputs.add(inputs);
            for (Map.Entry<String, Value> o : outputs.entrySet()) {
                for (String p : FileValues.paths(o.getValue())) {
                    if (DownloadCache.isDownloadable(p)) {
                        continue;
                    }
                    Path n = normalized(p);
                    if (n == null || !withInputs.covers(n)) {
                        return "output " + workflow + "." + o.getKey() + ": " + p + " is neither a task output nor a"
                                + " workflow input (" + WORKFLOW_RULE + ")";
                    }
                }
            }
            return null;
        }

        /** Whether {@code p} is an allowed path or lies in an allowed directory (a task's Directory output). */
        private boolean covers(Path p) {
            for (Path q = p; q != null; q = q.getParent()) {
                if (paths.contains(q)) {
                    return true;
                }
            }
            return false;
        }

        private static Path normalized(String p) {
            if (DownloadCache.isDownloadable(p)) {
                return null;
            }
            try {
                return Path.of(p).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                return null;
            }
        }
    }
}
