package org.wdlbatch.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.wdlbatch.engine.backend.TaskBackend;
import org.wdlbatch.engine.cache.CallCache;
import org.wdlbatch.engine.download.DownloadCache;
import org.wdlbatch.engine.image.ImageDigests;
import org.wdlbatch.engine.progress.TaskCounts;
import org.wdlbatch.engine.rundir.ResumeState;
import org.wdlbatch.engine.rundir.RunDirectory;
import org.wdlbatch.engine.task.TaskDigests;
import org.wdlbatch.engine.task.TaskOptions;

/**
 * What every call of one run shares: where it runs, the backend, caches, settings from the configuration, the
 * I/O thread pool (task preparation and output collection touch the file system, which may be slow network
 * storage, so they stay off the scheduler's thread), the run's logger and the writer of its task.log files, and
 * what a resumed run knows from before ({@link ResumeState#NONE} for a new run), and what the run imposes on every
 * task ({@link TaskOptions}: --env, resource caps, --as-me, --copy-input-files-for) and the digests of its task images
 * ({@link ImageDigests}, for the call cache key).
 */
public record RunContext(
        RunDirectory runDir,
        TaskBackend backend,
        CallCache callCache,
        DownloadCache downloads,
        TaskCounts counts,
        ExecutorService io,
        Logger log,
        TaskLogWriter taskLogs,
        boolean copyInputFiles,
        JsonNode runtimeDefaults,
        TaskDigests taskDigests,
        double memoryRetryMultiplier,
        ResumeState resume,
        TaskOptions taskOptions,
        ImageDigests imageDigests) {

    public RunContext {
        resume = resume == null ? ResumeState.NONE : resume;
        taskOptions = taskOptions == null ? TaskOptions.NONE : taskOptions;
        imageDigests = imageDigests == null ? ImageDigests.NONE : imageDigests;
    }
}
