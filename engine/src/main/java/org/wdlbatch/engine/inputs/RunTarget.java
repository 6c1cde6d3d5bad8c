package org.wdlbatch.engine.inputs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.check.CheckedCall;
import org.wdlbatch.wdl.check.CheckedDocument;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.check.CheckedWorkflow;
import org.wdlbatch.wdl.check.InputParam;

/**
 * What a document runs: the task named by {@code --task}, else its workflow, else its only task. The one place
 * that choice is made, for {@code wdlbatch run} and everything that must agree with it about the inputs
 * ({@code input_template}, checking before submission).
 *
 * @param workflow the workflow to run, or null when a task runs alone
 * @param task the task to run alone, or null
 */
public record RunTarget(String name, CheckedWorkflow workflow, CheckedTask task) {

    /**
     * @param wdl the document's path or URL, for messages
     * @param taskName {@code --task}, or null
     * @throws InputException when {@code --task} names no task, or the document has no workflow and several tasks
     */
    public static RunTarget of(CheckedDocument doc, String wdl, String taskName) {
        if (taskName != null) {
            CheckedTask task = doc.task(taskName);
            if (task == null) {
                throw new InputException("--task " + taskName + ": " + wdl + " has no such task; its tasks: "
                        + String.join(", ", doc.tasks().keySet()));
            }
            return new RunTarget(task.name(), null, task);
        }
        if (doc.workflow() != null) {
            return new RunTarget(doc.workflow().name(), doc.workflow(), null);
        }
        if (doc.tasks().size() == 1) {
            CheckedTask task = doc.tasks().values().iterator().next();
            return new RunTarget(task.name(), null, task);
        }
        throw new InputException(wdl + " has no workflow; name the task to run with --task (one of "
                + String.join(", ", doc.tasks().keySet()) + ")");
    }

    /** The target's own inputs. */
    public Map<String, InputParam> inputs() {
        return workflow != null ? workflow.inputs() : task.inputs();
    }

    /** The workflow's calls (whose open inputs the user may set as {@code call.x}); empty for a task. */
    public List<CheckedCall> calls() {
        return workflow != null ? new ArrayList<>(workflow.calls().values()) : List.of();
    }

    /** The checker of the user's inputs for this target, relative paths taken from {@code cwd}. */
    public RunInputs runInputs(Path cwd) {
        return runInputs(cwd, null);
    }

    /**
     * As {@link #runInputs(Path)}, with its own check of local input files ({@code submit_awsbatch}: they must be
     * where the workflow job sees them); null: they must exist relative to {@code cwd}.
     */
    public RunInputs runInputs(Path cwd, RunInputs.LocalFiles files) {
        return new RunInputs(name, inputs(), calls(), cwd, files);
    }
}
