package org.wdlbatch.engine.rundir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a resumed run knows from before: the latest journaled job of each call ({@link JobJournal}). A call with
 * {@code outputs.json} in its task directory finished and is kept; a call with a journaled job is re-attached to
 * that job (never submitted again); any other call runs as new.
 */
public final class ResumeState {

    public static final ResumeState NONE = new ResumeState(false, Map.of());

    private final boolean resuming;
    private final Map<String, JobJournal.Job> jobs;

    private ResumeState(boolean resuming, Map<String, JobJournal.Job> jobs) {
        this.resuming = resuming;
        this.jobs = jobs;
    }

    public static ResumeState of(Path runDir) throws IOException {
        return new ResumeState(true, JobJournal.read(runDir));
    }

    public boolean resuming() {
        return resuming;
    }

    /** The latest job journaled for the call with this id (its task directory relative to the run), or null. */
    public JobJournal.Job job(String callId) {
        return jobs.get(callId);
    }

    public int journaledCalls() {
        return jobs.size();
    }
}
