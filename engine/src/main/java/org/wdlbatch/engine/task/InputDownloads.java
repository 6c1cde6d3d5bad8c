package org.wdlbatch.engine.task;

import java.net.URI;
import org.wdlbatch.engine.download.DownloadCache;
import org.wdlbatch.engine.download.DownloadException;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.TaskLog;
import org.wdlbatch.wdl.values.Value;

/**
 * Replaces a call's http(s):// and s3:// File inputs by their downloaded copies (the run's download cache), so the
 * command, the call cache and the input links all see local files.
 */
final class InputDownloads {

    private final RunContext ctx;
    private final String taskName;
    private final TaskLog log;

    InputDownloads(RunContext ctx, String taskName, TaskLog log) {
        this.ctx = ctx;
        this.taskName = taskName;
        this.log = log;
    }

    /** {@code v} with every downloadable File path replaced by its local copy; a failed download is an input error. */
    Value fetch(String name, Value v) {
        return FileValues.rewrite(v, path -> {
            if (!DownloadCache.isDownloadable(path)) {
                return path;
            }
            URI source = null;
            try {
                log.info("downloading " + path + " for input " + name);
                source = URI.create(path);
                return ctx.downloads().fetch(source, (uri, done, total) -> {
                    log.detail("download " + uri + ": " + done + (total >= 0 ? "/" + total : "") + " bytes");
                    ctx.counts().downloading(uri, done, total);
                }).toString();
            } catch (DownloadException | IllegalArgumentException e) {
                throw new InputProblem("input " + taskName + "." + name + ": " + e.getMessage());
            } finally {
                if (source != null) {
                    ctx.counts().downloadEnded(source);
                }
            }
        });
    }
}
