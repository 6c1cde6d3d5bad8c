package org.wdlbatch.engine.backend;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.wdlbatch.engine.rundir.TaskDirectory;

/**
 * One attempt at running a task call, as a backend sees it. The engine has already written {@code command}
 * (the rendered bash script) into the task directory, moved any earlier attempt's files under
 * {@code attempt-<n>/} and linked the inputs under {@code work/_inputs/}; the backend runs {@code bash command} with
 * {@code work/} as the current directory, appends the process's output to {@code stdout.txt} /
 * {@code stderr.txt}, and records the exit status in {@code rc} ({@link TaskDirectory}).
 *
 * @param id unique within the run, e.g. {@code call-align-3} or {@code call-align-3#2} for the second attempt
 * @param call which call this is (for job names, tags and logs)
 * @param number 1 for the first attempt
 * @param taskDir {@code <run dir>/call-<name>[-<index>]}
 * @param env environment variables for the command (1.2 {@code env} inputs and backend extras)
 * @param resources what the task's runtime section asks for
 * @param placement where and how big this attempt runs, as the engine's attempt policy decided
 * @param note where the backend reports what the user should find in the call's task.log (job ids, log streams)
 */
public record TaskAttempt(
        String id,
        CallIdentity call,
        int number,
        Path taskDir,
        Map<String, String> env,
        TaskResources resources,
        Placement placement,
        Consumer<String> note) {

    public TaskAttempt {
        placement = placement == null ? Placement.FIRST : placement;
        note = note == null ? s -> { } : note;
    }

    /** A first attempt of a call known by name only (tests, tools). */
    public TaskAttempt(String id, String callName, int number, Path taskDir, Map<String, String> env,
            TaskResources resources) {
        this(id, CallIdentity.of("", "", callName), number, taskDir, env, resources, Placement.FIRST, null);
    }

    /** The call's name in its workflow. */
    public String callName() {
        return call.name();
    }

    public TaskDirectory directory() {
        return new TaskDirectory(taskDir);
    }

    public Path commandFile() {
        return directory().command();
    }

    public Path workDir() {
        return directory().work();
    }

    public Path stdoutFile() {
        return directory().stdout();
    }

    public Path stderrFile() {
        return directory().stderr();
    }

    public Path rcFile() {
        return directory().rc();
    }
}
