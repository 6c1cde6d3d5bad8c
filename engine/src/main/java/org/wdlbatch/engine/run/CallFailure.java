package org.wdlbatch.engine.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.wdlbatch.engine.rundir.TaskDirectory;

/**
 * Why a call (and so the run) failed; becomes the run's {@code error.json}.
 *
 * @param kind {@code CommandFailed} (non-success exit status), {@code EvalError} (an expression failed),
 *     {@code InputError} (an input file is missing, a download failed, ...), {@code OutputError} (a declared
 *     output file is missing), {@code BackendError} (the attempt could not run), {@code Terminated}
 * @param call the call's id, e.g. {@code call-align-3}
 * @param exitStatus the command's exit status, or null when it did not exit by itself
 * @param dir the call's directory, holding command, stdout.txt, stderr.txt and task.log
 * @param details what the backend reported about the failed attempt (AWS Batch: jobId, statusReason,
 *     logStreamName), written into error.json as they are
 */
public record CallFailure(String kind, String call, String message, Integer exitStatus, Path dir,
        Map<String, String> details) {

    public CallFailure {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public CallFailure(String kind, String call, String message, Integer exitStatus, Path dir) {
        this(kind, call, message, exitStatus, dir, Map.of());
    }

    public Path stdout() {
        return dir == null ? null : new TaskDirectory(dir).stdout();
    }

    public Path stderr() {
        return dir == null ? null : new TaskDirectory(dir).stderr();
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("error", kind);
        n.put("call", call);
        n.put("message", message);
        if (exitStatus != null) {
            n.put("exit_status", exitStatus);
        }
        if (dir != null) {
            n.put("dir", dir.toString());
            n.put("stdout_file", stdout().toString());
            n.put("stderr_file", stderr().toString());
            n.put("task_log", new TaskDirectory(dir).taskLog().toString());
        }
        new TreeMap<>(details).forEach(n::put);
        return n;
    }
}
