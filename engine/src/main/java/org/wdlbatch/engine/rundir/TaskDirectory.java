package org.wdlbatch.engine.rundir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The layout of one call's task directory, the one place its file names are spelled: the engine writes it, the
 * backends run in it, and the task job's wrapper script (aws-batch, package taskruntime) uses the same names.
 * <pre>
 * call-&lt;name&gt;[-&lt;scatter index&gt;...]/
 *     command            the rendered bash script (written once, before the first attempt)
 *     env                the task's own environment variables (WDL 1.2 env inputs), sourced by the wrapper
 *     links              input links the task job makes under work/ (a backend that {@code linksInputs()}):
 *                        one line per File input, {@code <link relative to work/> TAB <source>}
 *     task.log           what happened to the call (attempts, jobs, retries)
 *     work/              the current attempt's working directory; input files linked under work/_inputs/
 *     stdout.txt stderr.txt rc    the current attempt's output and exit status
 *     usage              what the current attempt's command used (aws-batch wrapper; see engine.report.Usage)
 *     tmp/               the current attempt's TMPDIR (local backend)
 *     outputs.json       the outputs of the attempt that succeeded
 *     batch-attempt-&lt;k&gt;/  Batch attempt k of the current job, when Batch retried the job itself (retryStrategy):
 *                        its stdout.txt, stderr.txt, rc and work/, moved aside by the wrapper of attempt k + 1
 *     attempt-&lt;n&gt;/        engine attempt n that did not succeed: its stdout.txt, stderr.txt, rc, work/, tmp/ and
 *                        batch-attempt-&lt;k&gt;/ folders, moved here before attempt n + 1 starts
 * </pre>
 * A new attempt never sees an earlier attempt's files: everything an attempt writes is in {@link #ATTEMPT_FILES}
 * (or under {@code batch-attempt-<k>/}) and moves aside as a whole.
 */
public record TaskDirectory(Path path) {

    public static final String COMMAND = "command";
    public static final String ENV = "env";
    /** Input links the task job makes itself: {@code <link relative to work/>\t<absolute source>} a line. */
    public static final String LINKS = "links";
    public static final String TASK_LOG = "task.log";
    public static final String WORK = "work";
    /** Under {@link #WORK}: where input files are linked, one numbered folder per source folder. */
    public static final String INPUTS = "_inputs";
    public static final String STDOUT = "stdout.txt";
    public static final String STDERR = "stderr.txt";
    public static final String RC = "rc";
    /** What the attempt's command used (wall and CPU time, peak memory, instance), written by the task job's wrapper. */
    public static final String USAGE = "usage";
    public static final String TMP = "tmp";
    public static final String OUTPUTS = "outputs.json";
    /** The call's inputs as evaluated, written only when the call fails: what a person debugging it needs first. */
    public static final String FAILED_INPUTS = "inputs.json";
    /** Files the engine's {@code write_*} functions create while the call is prepared. */
    public static final String WRITES = "write_";
    public static final String ATTEMPT_PREFIX = "attempt-";
    public static final String BATCH_ATTEMPT_PREFIX = "batch-attempt-";

    /** What one attempt writes into the task directory; the next attempt starts without them. */
    public static final List<String> ATTEMPT_FILES = List.of(STDOUT, STDERR, RC, USAGE, WORK, TMP);

    public Path command() {
        return path.resolve(COMMAND);
    }

    public Path env() {
        return path.resolve(ENV);
    }

    public Path links() {
        return path.resolve(LINKS);
    }

    public Path taskLog() {
        return path.resolve(TASK_LOG);
    }

    public Path work() {
        return path.resolve(WORK);
    }

    public Path inputs() {
        return work().resolve(INPUTS);
    }

    public Path failedInputs() {
        return path.resolve(FAILED_INPUTS);
    }

    public Path stdout() {
        return path.resolve(STDOUT);
    }

    public Path stderr() {
        return path.resolve(STDERR);
    }

    public Path rc() {
        return path.resolve(RC);
    }

    public Path usage() {
        return path.resolve(USAGE);
    }

    public Path tmp() {
        return path.resolve(TMP);
    }

    public Path outputs() {
        return path.resolve(OUTPUTS);
    }

    public Path writes() {
        return path.resolve(WRITES);
    }

    /** {@code attempt-<n>/}: where engine attempt {@code n} is kept once a later attempt runs. */
    public Path attempt(int n) {
        return path.resolve(ATTEMPT_PREFIX + n);
    }

    /** {@code batch-attempt-<k>/}: Batch attempt {@code k} of the current job, moved aside by the wrapper. */
    public Path batchAttempt(int k) {
        return path.resolve(BATCH_ATTEMPT_PREFIX + k);
    }

    /**
     * Moves everything attempt {@code n} wrote ({@link #ATTEMPT_FILES} and its {@code batch-attempt-<k>/} folders)
     * under {@code attempt-<n>/}, so the next attempt starts in a task directory without them. Renames only: one
     * metadata operation per file on EFS, whatever the size of {@code work/}. The caller recreates {@code work/}
     * and the input links.
     */
    public void archiveAttempt(int n) throws IOException {
        Path archive = attempt(n);
        Files.createDirectories(archive);
        for (String name : ATTEMPT_FILES) {
            Path p = path.resolve(name);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(p, archive.resolve(name));
            }
        }
        try (DirectoryStream<Path> batch = Files.newDirectoryStream(path, BATCH_ATTEMPT_PREFIX + "*")) {
            for (Path p : batch) {
                Files.move(p, archive.resolve(p.getFileName().toString()));
            }
        }
    }
}
