package org.wdlbatch.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * How a retried workflow job finds the run it must resume: {@code <dir>/_JOBS/<AWS_BATCH_JOB_ID>} is a link to the
 * run directory the job's first attempt created. AWS Batch retries a job under the same job id with
 * {@code AWS_BATCH_JOB_ATTEMPT} counting up, so an attempt after the first that finds the link resumes that run
 * (its finished calls kept, its task jobs re-attached) instead of starting a new one.
 */
final class JobRunDirectory {

    static final String FOLDER = "_JOBS";

    private JobRunDirectory() {}

    /** The run directory to resume when this process is a retried attempt of a workflow job, else null. */
    static Path toResume(Path dir, Map<String, String> env) {
        String jobId = env.get("AWS_BATCH_JOB_ID");
        int attempt;
        try {
            attempt = Integer.parseInt(env.getOrDefault("AWS_BATCH_JOB_ATTEMPT", "1").strip());
        } catch (NumberFormatException e) {
            attempt = 1;
        }
        if (jobId == null || jobId.isEmpty() || attempt <= 1) {
            return null;
        }
        Path link = dir.resolve(FOLDER).resolve(safe(jobId));
        if (!Files.isDirectory(link)) {
            return null; // the first attempt died before it created its run directory: start afresh
        }
        try {
            return link.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /** Inside a workflow job: records the run directory under the job's id, for its retries. */
    static void record(Path dir, Path runDir, Map<String, String> env) {
        String jobId = env.get("AWS_BATCH_JOB_ID");
        if (jobId == null || jobId.isEmpty()) {
            return;
        }
        try {
            Path folder = Files.createDirectories(dir.resolve(FOLDER));
            Path link = folder.resolve(safe(jobId));
            try {
                Files.createSymbolicLink(link, folder.relativize(runDir.toAbsolutePath()));
            } catch (FileAlreadyExistsException e) {
                // a retried attempt that started afresh: its own run directory wins
                Files.delete(link);
                Files.createSymbolicLink(link, folder.relativize(runDir.toAbsolutePath()));
            }
        } catch (IOException e) {
            LoggerFactory.getLogger("wdlbatch").warn("cannot record the run directory of job {} under {}/{}: a retry"
                    + " of this job would start a new run: {}", jobId, dir, FOLDER, e.toString());
        }
    }

    private static String safe(String jobId) {
        return jobId.replaceAll("[^A-Za-z0-9_.:-]", "_");
    }
}
