package org.wdlbatch.engine.backend;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One attempt at running a task call, as a backend sees it. The engine has already written {@code command}
 * (the rendered bash script) into the task directory and linked the inputs under {@code work/_inputs/}; the
 * backend runs {@code bash command} with {@code work/} as the current directory, appends the process's output to
 * {@code stdout.txt} / {@code stderr.txt}, and records the exit status in {@code rc}.
 *
 * @param id unique within the run, e.g. {@code call-align-3} or {@code call-align-3#2} for the second attempt
 * @param callName the call's name in the workflow (for logs and job tags)
 * @param number 1 for the first attempt
 * @param taskDir {@code <run dir>/call-<name>[-<index>]}
 * @param env environment variables for the command (1.2 {@code env} inputs and backend extras)
 * @param resources what the task's runtime section asks for
 * @param note where the backend reports what the user should find in the call's task.log (job ids, log streams)
 */
public record TaskAttempt(
        String id,
        String callName,
        int number,
        Path taskDir,
        Map<String, String> env,
        TaskResources resources,
        Consumer<String> note) {

    public TaskAttempt {
        note = note == null ? s -> { } : note;
    }

    public TaskAttempt(String id, String callName, int number, Path taskDir, Map<String, String> env,
            TaskResources resources) {
        this(id, callName, number, taskDir, env, resources, null);
    }

    public Path commandFile() {
        return taskDir.resolve("command");
    }

    public Path workDir() {
        return taskDir.resolve("work");
    }

    public Path stdoutFile() {
        return taskDir.resolve("stdout.txt");
    }

    public Path stderrFile() {
        return taskDir.resolve("stderr.txt");
    }

    public Path rcFile() {
        return taskDir.resolve("rc");
    }
}
