package org.wdlbatch.engine.inputs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.check.CheckedDocument;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.check.CheckedWorkflow;
import org.wdlbatch.wdl.values.Value;

/**
 * What a run runs: the document's workflow, or one task ({@code --task}, or the only task of a document without a
 * workflow), with its inputs checked and typed by {@link RunInputs}. {@code wdlbatch run} and
 * {@code submit_awsbatch} (before it submits anything) decide it the same way.
 *
 * @param workflow the workflow, or null when a task runs alone
 * @param task the task run alone, or null
 * @param inputs by bare name ({@code x} or {@code call.x})
 */
public record RunTarget(String name, CheckedWorkflow workflow, CheckedTask task, Map<String, Value> inputs) {

    /**
     * @param wdl the WDL as given, for messages
     * @param taskName {@code --task}, or null
     * @param files the check of local input files (null: they must exist relative to {@code cwd})
     * @throws InputException naming the input, task or file that is wrong
     */
    public static RunTarget of(String wdl, CheckedDocument doc, String taskName, Path inputsJson,
            List<String> keyValues, Path cwd, RunInputs.LocalFiles files) {
        if (taskName != null) {
            CheckedTask task = doc.task(taskName);
            if (task == null) {
                throw new InputException("--task " + taskName + ": " + wdl + " has no such task; its tasks: "
                        + String.join(", ", doc.tasks().keySet()));
            }
            return forTask(task, inputsJson, keyValues, cwd, files);
        }
        if (doc.workflow() != null) {
            CheckedWorkflow workflow = doc.workflow();
            Map<String, Value> inputs = new RunInputs(workflow.name(), workflow.inputs(),
                    new ArrayList<>(workflow.calls().values()), cwd, files).parse(inputsJson, keyValues);
            return new RunTarget(workflow.name(), workflow, null, inputs);
        }
        if (doc.tasks().size() == 1) {
            return forTask(doc.tasks().values().iterator().next(), inputsJson, keyValues, cwd, files);
        }
        throw new InputException(wdl + " has no workflow; name the task to run with --task (one of "
                + String.join(", ", doc.tasks().keySet()) + ")");
    }

    private static RunTarget forTask(CheckedTask task, Path inputsJson, List<String> keyValues, Path cwd,
            RunInputs.LocalFiles files) {
        Map<String, Value> inputs = new RunInputs(task.name(), task.inputs(), List.of(), cwd, files)
                .parse(inputsJson, keyValues);
        return new RunTarget(task.name(), null, task, inputs);
    }
}
