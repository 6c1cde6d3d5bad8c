package org.wdlbatch.engine.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.ast.Version;

/**
 * Digests of task definitions for call cache keys, computed once per task per run (a 10,000-call scatter asks
 * 10,000 times). Keyed by identity: hashing a task's whole AST on every lookup would cost what the cache saves.
 *
 * <p>The digest covers the task as written, with source positions removed, so moving a task within its file (or
 * renaming the file) keeps its cache entries, while any change to what it does does not. The text is the
 * definition's record {@code toString}, made without it ({@link RecordText}).
 */
public final class TaskDigests {

    private final Map<TaskDef, String> digests = new IdentityHashMap<>();

    public synchronized String of(TaskDef task, Version version) {
        return digests.computeIfAbsent(task, t -> compute(t, version));
    }

    private static String compute(TaskDef task, Version version) {
        String text = RecordText.of(task).replaceAll("pos=[^,\\]\\)]*:\\d+:\\d+", "");
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(version.label().getBytes(StandardCharsets.UTF_8));
            md.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
