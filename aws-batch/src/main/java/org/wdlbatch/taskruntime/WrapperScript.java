package org.wdlbatch.taskruntime;

import java.util.List;
import org.wdlbatch.engine.rundir.TaskDirectory;

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
 * file that exists) when the job started; 96: a Batch retry could not move the earlier attempt aside.
 *
 * <p>Batch's own retries ({@code retryStrategy}) rerun this wrapper inside the same job, on the same task
 * directory, with {@code AWS_BATCH_JOB_ATTEMPT} (1-based, set by Batch) one higher. Attempt {@code k > 1} first
 * moves what attempt {@code k - 1} left ({@code stdout.txt}, {@code stderr.txt}, {@code rc}, {@code work/},
 * {@code tmp/}) to {@code batch-attempt-<k-1>/} and starts in a new {@code work/}, so it never sees the killed
 * attempt's files ({@link TaskDirectory} has the layout).
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

    /** Exit status of the wrapper when a Batch retry cannot move the earlier Batch attempt's files aside. */
    public static final int BATCH_RETRY_FAILED = 96;

    /** Exit status of the wrapper when it cannot make the input links listed in the task directory's links file. */
    public static final int INPUT_LINKS_FAILED = 95;

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
        sb.append("[ -n \"$d\" ] && cd \"$d\" 2>/dev/null || { echo \"wdlbatch: no task directory '$d' (is the shared"
                + " file system mounted at the same path?)\" >&2; exit ").append(NO_TASK_DIR).append("; }\n");
        // Batch attempt k > 1 of this job: k - 1 was killed part way (spot reclaim, host lost). Its files move to
        // batch-attempt-<k-1>/ and this attempt starts in a new work/. The input links under work/_inputs/ (the
        // engine's, made before attempt 1) move back rather than being made again: the wrapper does not know
        // their sources, and a rename is one operation whatever the inputs (copied ones too); the killed
        // attempt's own files stay in batch-attempt-<k-1>/work/ for debugging.
        String moved = String.join(" ", TaskDirectory.STDOUT, TaskDirectory.STDERR, TaskDirectory.RC,
                TaskDirectory.USAGE, TaskDirectory.WORK);
        String inputs = TaskDirectory.WORK + "/" + TaskDirectory.INPUTS;
        String fail = " || exit " + BATCH_RETRY_FAILED;
        sb.append("k=${AWS_BATCH_JOB_ATTEMPT:-1}; if [ $k -gt 1 ]; then a=").append(TaskDirectory.BATCH_ATTEMPT_PREFIX)
                .append("$((k-1)); mkdir -p $a").append(fail).append('\n');
        sb.append("for f in ").append(moved).append("; do [ ! -e $f ] || mv $f $a/").append(fail).append("; done\n");
        sb.append("mkdir ").append(TaskDirectory.WORK).append("; [ ! -e $a/").append(inputs).append(" ] || mv $a/")
                .append(inputs).append(' ').append(TaskDirectory.WORK).append('/').append(fail).append('\n');
        sb.append("echo \"wdlbatch: Batch attempt $k; attempt $((k-1)) is in $d/$a/\" >&2; fi\n");
        // work/ is made here, not by the orchestrator, unless input links made it already: the orchestrator's
        // creates are what a big scatter waits on before its jobs are submitted
        sb.append("cd ").append(TaskDirectory.WORK).append(" 2>/dev/null || { mkdir ").append(TaskDirectory.WORK)
                .append(" && cd ").append(TaskDirectory.WORK).append("; } || exit ").append(NO_TASK_DIR).append('\n');
        // the input links the engine left to the task job (TaskDirectory.LINKS: "<link under work/>\t<source>"
        // a line): made in every attempt's new work/, so the orchestrator creates one file per task, not a tree
        sb.append("[ ! -f ../").append(TaskDirectory.LINKS).append(" ] || while IFS=$'\\t' read -r l s; do")
                .append(" [ -L \"$l\" ] || { mkdir -p \"${l%/*}\" && ln -s \"$s\" \"$l\"; } || { echo \"wdlbatch: cannot")
                .append(" link input $s at work/$l\" >&2; exit ").append(INPUT_LINKS_FAILED).append("; }; done < ../")
                .append(TaskDirectory.LINKS).append('\n');
        sb.append("[ -z \"${").append(ENV_VAR).append(":-}\" ] || . ../").append(TaskDirectory.ENV).append('\n');
        sb.append(USAGE_START);
        // a pipeline, not a process substitution: bash waits for every stage of a pipeline, while `wait` on a
        // process substitution can return before tee has written stderr.txt
        sb.append("bash ../").append(TaskDirectory.COMMAND).append(" 2>&1 >>../").append(TaskDirectory.STDOUT)
                .append(" </dev/null | tee -a ../").append(TaskDirectory.STDERR).append(" >&2\n");
        sb.append("rc=${PIPESTATUS[0]}\n");
        sb.append(USAGE_END);
        if (containerSync) {
            sb.append("find . -type f -exec sync {} + 2>/dev/null; sync ../").append(TaskDirectory.STDOUT)
                    .append(" ../").append(TaskDirectory.STDERR).append('\n');
        }
        sb.append("printf '%s' \"$rc\" >../").append(TaskDirectory.RC).append('\n');
        sb.append("exit \"$rc\"\n");
        return sb.toString();
    }

    /**
     * The command's start time, taken just before it runs: {@code EPOCHREALTIME} (bash 5) or whole seconds from
     * bash's own {@code printf} (no {@code date} process, which a minimal image may lack).
     */
    private static final String USAGE_START = "s0=${EPOCHREALTIME:-};[ -n \"$s0\" ]||printf -v s0 '%(%s)T' -1\n";

    /**
     * Writes {@code ../}{@value TaskDirectory#USAGE} once the command ended: {@code key=value} lines read by the
     * engine ({@code org.wdlbatch.engine.report.Usage}). {@code times} (a builtin, run in this shell, not a
     * subshell, which would report zeros) gives the user and system CPU time of the command and its tee, the line
     * after {@code times=}. Inside an ECS container ({@code ECS_CONTAINER_METADATA_URI_V4} set) the container's
     * cgroup is the task's alone, so its peak memory and CPU time are recorded too (cgroup v2 {@code memory.peak}
     * and {@code cpu.stat}, else v1's {@code memory.max_usage_in_bytes} and {@code cpuacct.usage}); elsewhere (a
     * host process) the cgroup holds other processes, so none is read. The instance type and market (spot or
     * on-demand) come from the instance metadata service when {@code curl} is in the image, two seconds at most.
     * Best effort throughout: every error is swallowed and nothing here changes {@code rc}.
     */
    // terse on purpose: the wrapper lives in every job definition and bash reads all of it at every task start
    private static final String USAGE_END = "{ s1=${EPOCHREALTIME:-};[ -n \"$s1\" ]||printf -v s1 '%(%s)T' -1\n"
            + "g=;m=;c=;it=;lc=;f=/sys/fs/cgroup;if [ -n \"${ECS_CONTAINER_METADATA_URI_V4:-}\" ];then\n"
            + "if [ -r $f/memory.peak ];then g=v2;read m <$f/memory.peak\n"
            + "while read k v;do [ $k != usage_usec ]||c=$v;done <$f/cpu.stat\n"
            + "elif [ -r $f/memory/memory.max_usage_in_bytes ];then g=v1;read m <$f/memory/memory.max_usage_in_bytes\n"
            + "read c <$f/cpuacct/cpuacct.usage;fi\n"
            + "if command -v curl >/dev/null;then u=http://169.254.169.254/latest;h=X-aws-ec2-metadata-token\n"
            + "t=$(curl -sfm2 -XPUT -H\"$h-ttl-seconds: 60\" $u/api/token)\n"
            + "it=$(curl -sfm2 -H\"$h: $t\" $u/meta-data/instance-type)\n"
            + "lc=$(curl -sfm2 -H\"$h: $t\" $u/meta-data/instance-life-cycle);fi;fi\n"
            + "printf 'start=%s\\nend=%s\\ncgroup=%s\\nmemory_peak=%s\\ncgroup_cpu=%s\\ninstance_type=%s\\nlifecycle=%s\\ntimes='"
            + " \"$s0\" \"$s1\" \"$g\" \"$m\" \"$c\" \"$it\" \"$lc\";times;} >../" + TaskDirectory.USAGE + " 2>/dev/null\n";

    /** The job definition's command: {@code ["bash", "-c", script]}. */
    public static List<String> command(boolean containerSync) {
        return containerSync ? WITH_SYNC : WITHOUT_SYNC;
    }

    private static final List<String> WITH_SYNC = List.of("bash", "-c", script(true));
    private static final List<String> WITHOUT_SYNC = List.of("bash", "-c", script(false));
}
