package org.wdlbatch.orchestrator.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.rundir.JobJournal;

/**
 * The two files the backend keeps in each run directory: the job journal ({@code jobs.journal}: every job
 * submitted, so a resume adopts it instead of submitting it again) and {@code .stopped} (written when the run stops,
 * so a task job that starts after that runs nothing).
 */
final class RunDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectories.class);

    private final Path runsRoot;
    /** Run directories of the attempts started, where {@code .stopped} goes when the run stops. */
    private final Set<Path> started = ConcurrentHashMap.newKeySet();
    /** The job journal of each run directory ({@code <run dir>/jobs.journal}), opened at its first submission. */
    private final Map<Path, JobJournal> journals = new ConcurrentHashMap<>();

    /** @param runsRoot the folder run directories are created in ({@code --dir}) */
    RunDirectories(Path runsRoot) {
        this.runsRoot = runsRoot;
    }

    /** An attempt of this run directory starts: it gets {@code .stopped} if the run stops. */
    void started(TaskAttempt attempt) {
        started.add(runDir(attempt));
    }

    /** Journals a submitted single job in its run directory, before anything else can happen to it. */
    void journal(TaskJob job) {
        try {
            journalOf(job.attempt).single(job.attempt.taskDir(), job.attempt.number(), job.jobId);
        } catch (IOException e) {
            LOG.warn("cannot journal job {} of {} (a resume would submit it again): {}", job.jobId,
                    job.attempt.id(), e.toString());
        }
    }

    void journal(ArrayJob array) {
        TaskJob first = array.children.get(0);
        try {
            journalOf(first.attempt).array(array.id, first.attempt.number(), array.manifest);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot journal array job {} (a resume would submit its children again): {}", array.id,
                    e.toString());
        }
    }

    private JobJournal journalOf(TaskAttempt attempt) {
        return journals.computeIfAbsent(runDir(attempt), JobJournal::of);
    }

    /** The run stops: {@code .stopped} in every run directory an attempt started in. */
    void markStopped() {
        for (Path dir : started) {
            try {
                Files.writeString(dir.resolve(".stopped"), "stopped by wdlbatch\n");
            } catch (IOException e) {
                LOG.warn("cannot write {}: {}", dir.resolve(".stopped"), e.toString());
            }
        }
    }

    /**
     * {@code <run dir>/.stopped}: created when the run stops (fail-fast, SIGTERM, Ctrl-C); a task job that starts
     * after that exits at once (the wrapper looks for it), so even jobs the orchestrator had no time to terminate
     * run nothing.
     */
    Path stopFile(TaskAttempt attempt) {
        return runDir(attempt).resolve(".stopped");
    }

    /** The run directory an attempt belongs to: the first folder under {@code --dir}. */
    private Path runDir(TaskAttempt attempt) {
        Path t = attempt.taskDir().toAbsolutePath();
        if (t.startsWith(runsRoot) && runsRoot.relativize(t).getNameCount() > 1) {
            return runsRoot.resolve(runsRoot.relativize(t).getName(0));
        }
        return t.getParent();
    }

    void close() {
        journals.values().forEach(JobJournal::close);
    }
}
