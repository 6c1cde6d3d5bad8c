package org.wdlbatch.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.TaskLog;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.json.JsonText;

/**
 * What a resumed run learns from a call's task directory before running it: whether the call finished (its
 * {@code outputs.json}), or whether its last attempt's failure was already seen (the {@link #FAILED_MARKER}).
 */
final class CallResume {

    /**
     * Written when the call fails after an attempt ran: a resume runs such a call again (a new attempt) instead of
     * re-attaching to its journaled job, whose end was already seen and reported.
     */
    static final String FAILED_MARKER = "failed_attempt";

    private final RunContext ctx;
    private final CheckedTask task;
    private final Path dir;

    CallResume(RunContext ctx, CheckedTask task, Path dir) {
        this.ctx = ctx;
        this.task = task;
        this.dir = dir;
    }

    /**
     * Resume: a call whose {@code outputs.json} was written before the run stopped finished then; its outputs are
     * read back (File paths are absolute). Unreadable or incomplete means not finished: the call runs again.
     */
    Optional<Map<String, Value>> finishedBefore(TaskLog log) {
        Path file = dir.resolve("outputs.json");
        if (!ctx.resume().resuming() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JsonText.read(Files.readString(file));
            return CallOutputs.fromJson(task, json);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read " + file + " (" + e.getMessage() + "): running the call again");
            return Optional.empty();
        }
    }

    /** The attempt whose failure ended this call before the run was resumed (the marker is consumed), else 0. */
    int failedBefore() throws IOException {
        Path marker = dir.resolve(FAILED_MARKER);
        if (!ctx.resume().resuming() || !Files.exists(marker)) {
            return 0;
        }
        int n;
        try {
            n = Math.max(1, Integer.parseInt(Files.readString(marker).strip()));
        } catch (NumberFormatException e) {
            n = 1;
        }
        Files.delete(marker);
        return n;
    }
}
