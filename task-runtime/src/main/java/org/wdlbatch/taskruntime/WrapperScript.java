package org.wdlbatch.taskruntime;

import java.util.List;

/**
 * The bash program every task job runs ({@code bash -c <script>}), the same for every task so it lives in the job
 * definition and never in the per-job payload. It finds the task directory on the shared file system, runs
 * {@code bash ../command} in {@code work/} (made here when missing), appends the command's stdout to {@code stdout.txt} and its stderr to
 * {@code stderr.txt} (also tee'd to the container's stderr, so it reaches CloudWatch), then writes {@code rc}.
 *
 * <p>The task directory comes from {@value #TASK_DIR_VAR} (single jobs) or, for an array child, from line
 * {@code AWS_BATCH_JOB_ARRAY_INDEX} (0-based) of the manifest named by {@value #MANIFEST_VAR}. When
 * {@value #ENV_VAR} is set the task's own environment ({@link EnvFile}) is sourced first.
 *
 * <p>{@code rc} is written with a single {@code write(2)} of a few bytes after the command and its tee have
 * ended, and the orchestrator reads it only once Batch reports the job ended, so no temporary file and rename
 * are needed (each would be one more EFS metadata operation per task). Exit status 97: the task directory was
 * not found (wrong mount, wrong manifest line); 98: the run had been stopped ({@value #STOP_FILE_VAR} names a
 * file that exists) when the job started.
 */
public final class WrapperScript {

    public static final String TASK_DIR_VAR = "WDLBATCH_TASK_DIR";
    public static final String MANIFEST_VAR = "WDLBATCH_ARRAY_MANIFEST";
    public static final String ENV_VAR = "WDLBATCH_TASK_ENV";
    public static final String STOP_FILE_VAR = "WDLBATCH_STOP_FILE";

    /** Exit status of the wrapper when the run was stopped before this job started. */
    public static final int RUN_STOPPED = 98;

    /** Exit status of the wrapper when it cannot find or enter the task directory. */
    public static final int NO_TASK_DIR = 97;

    private WrapperScript() {}

    /**
     * @param containerSync after the command, flush the files it wrote (and stdout/stderr) to the shared file
     *     system before the job ends ({@code [aws] container_sync})
     */
    public static String script(boolean containerSync) {
        StringBuilder sb = new StringBuilder();
        sb.append("if [ -n \"${").append(MANIFEST_VAR).append(":-}\" ]; then")
                .append(" mapfile -t -s \"$AWS_BATCH_JOB_ARRAY_INDEX\" -n 1 l < \"$").append(MANIFEST_VAR)
                .append("\"; d=\"${l[0]:-}\"; else d=\"${").append(TASK_DIR_VAR).append(":-}\"; fi\n");
        // a job that starts after its run was stopped (fail-fast, SIGTERM) does nothing, even if the orchestrator
        // did not get to terminate it: nothing runs unowned
        sb.append("[ -z \"${").append(STOP_FILE_VAR).append(":-}\" ] || [ ! -e \"$").append(STOP_FILE_VAR)
                .append("\" ] || { echo \"wdlbatch: the run was stopped\" >&2; exit ").append(RUN_STOPPED)
                .append("; }\n");
        // work/ is made here, not by the orchestrator, unless input links made it already: the orchestrator's
        // creates are what a big scatter waits on before its jobs are submitted
        sb.append("[ -n \"$d\" ] && cd \"$d\" 2>/dev/null && { cd work 2>/dev/null || { mkdir work && cd work; }; } || { echo"
                + " \"wdlbatch: no task directory '$d' (is the shared file system mounted at the same path?)\" >&2;"
                + " exit ").append(NO_TASK_DIR).append("; }\n");
        sb.append("[ -z \"${").append(ENV_VAR).append(":-}\" ] || . ../").append(EnvFile.NAME).append('\n');
        // a pipeline, not a process substitution: bash waits for every stage of a pipeline, while `wait` on a
        // process substitution can return before tee has written stderr.txt
        sb.append("bash ../command 2>&1 >>../stdout.txt </dev/null | tee -a ../stderr.txt >&2\n");
        sb.append("rc=${PIPESTATUS[0]}\n");
        if (containerSync) {
            sb.append("find . -type f -exec sync {} + 2>/dev/null; sync ../stdout.txt ../stderr.txt\n");
        }
        sb.append("printf '%s' \"$rc\" >../rc\n");
        sb.append("exit \"$rc\"\n");
        return sb.toString();
    }

    /** The job definition's command: {@code ["bash", "-c", script]}. */
    public static List<String> command(boolean containerSync) {
        return containerSync ? WITH_SYNC : WITHOUT_SYNC;
    }

    private static final List<String> WITH_SYNC = List.of("bash", "-c", script(true));
    private static final List<String> WITHOUT_SYNC = List.of("bash", "-c", script(false));
}
