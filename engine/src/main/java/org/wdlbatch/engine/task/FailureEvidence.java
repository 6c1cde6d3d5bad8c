package org.wdlbatch.engine.task;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.wdlbatch.engine.run.TaskLog;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.json.JsonText;

/**
 * What a failed call leaves in its task directory besides its logs: the evaluated inputs ({@code inputs.json}, only
 * when the call fails: no extra file otherwise) and the marker that tells a resume to run it again.
 */
final class FailureEvidence {

    private FailureEvidence() {}

    /**
     * @param inputs the call's evaluated inputs, null when it failed before they were
     * @param lastAttempt the last attempt started, 0 when none was
     */
    static void write(TaskDirectory layout, TaskLog log, Map<String, Value> inputs, int lastAttempt, String kind) {
        writeFailedInputs(layout, log, inputs);
        if (lastAttempt > 0 && !"Terminated".equals(kind)) {
            // (a terminated call is re-attached on resume: its job may have finished, or runs again if it did not)
            try {
                Files.writeString(layout.path().resolve(CallResume.FAILED_MARKER), lastAttempt + "\n");
            } catch (IOException e) {
                // without it a resume collects this attempt's end again instead of running the call again
            }
        }
    }

    /** The evaluated inputs next to the failed call's command and logs (uploaded with them by --s3upload). */
    private static void writeFailedInputs(TaskDirectory layout, TaskLog log, Map<String, Value> inputs) {
        if (inputs == null) {
            return;
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        inputs.forEach((k, v) -> json.set(k, ValueJson.toJson(v)));
        try {
            Files.writeString(layout.failedInputs(), JsonText.pretty(json));
        } catch (IOException | RuntimeException e) {
            log.warn("cannot write " + layout.failedInputs() + ": " + e);
        }
    }
}
