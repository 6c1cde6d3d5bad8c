package org.wdlbatch.engine.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wdlbatch.engine.backend.TaskExit;

/**
 * Cromwell's {@code failOnStderr: true}: an attempt whose command exited with a successful status but left its
 * {@code stderr.txt} non-empty ends as {@link TaskExit.Kind#STDERR_WRITTEN}. Applied by the engine to what every
 * backend reports, after the backend's job is done and the file is complete (local processes and AWS Batch jobs
 * alike, as the wrapper appends the command's stderr to the same file).
 */
final class StderrCheck {

    private final boolean failOnStderr;
    private final java.util.function.IntPredicate succeeded;
    private final Path stderr;

    StderrCheck(boolean failOnStderr, java.util.function.IntPredicate succeeded, Path stderr) {
        this.failOnStderr = failOnStderr;
        this.succeeded = succeeded;
        this.stderr = stderr;
    }

    /** The exit as reported, or {@code STDERR_WRITTEN} when a successful exit wrote to stderr under failOnStderr. */
    TaskExit apply(TaskExit exit) {
        if (!failOnStderr || exit.kind() != TaskExit.Kind.EXITED || !succeeded.test(exit.exitCode())) {
            return exit;
        }
        long bytes;
        try {
            bytes = Files.size(stderr);
        } catch (IOException e) {
            return exit; // no stderr.txt: nothing was written to it
        }
        return bytes > 0 ? TaskExit.stderrWritten(exit.exitCode(), bytes).withDetails(exit.details()) : exit;
    }
}
