package org.wdlbatch.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.wdl.json.JsonText;

/**
 * {@code <run dir>/attempts.jsonl}: one JSON line per ended attempt ({@link AttemptRecord}) and one per end of the
 * run ({@code {"run":"succeeded","started":..,"ended":..}}) and one per task image the run resolved
 * ({@code {"image":{"image":..,"digest":..,"source":..,"note":..}}}), appended by the orchestrator only (task jobs on other
 * hosts never write it: appends from several NFS clients can interleave). What {@code trace.tsv} and
 * {@code report.html} are built from, so {@code wdlbatch report RUN_DIR} rebuilds them from the run directory
 * alone. One file per run: no file per task is created for it.
 */
public final class AttemptLedger {

    public static final String FILE = "attempts.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(AttemptLedger.class);

    /** One end of the run (a resumed run has several). */
    public record RunEnd(String status, long started, long ended) {}

    /**
     * A task image as the run resolved it for its call-cache key: {@code digest} null when no lookup answered (the
     * tag was the key; {@code note} says why).
     */
    public record ImageRecord(String image, String digest, String source, String note) {}

    /** What the ledger holds. */
    public record Contents(List<AttemptRecord> attempts, List<RunEnd> runs, List<ImageRecord> images) {}

    private AttemptLedger() {}

    /** Open ledgers by run directory: one open file per run, not an open and a close (two EFS round trips) per line. */
    private static final java.util.Map<Path, java.nio.channels.FileChannel> OPEN = new java.util.HashMap<>();

    /** Appends the record; a failure is logged, never raised: the report is not worth failing a call for. */
    public static void append(Path runDir, AttemptRecord record) {
        appendLine(runDir, LedgerJson.attempt(record), false);
    }

    /** Appends the end of a run (or of one resumed stretch of it) and closes the run's ledger. */
    public static void runEnded(Path runDir, String status, long started, long ended) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("run", status).put("started", started).put("ended", ended);
        appendLine(runDir, n, true);
    }

    /** Appends how a task image was resolved (once per image and run: {@code ImageDigests} asks once). */
    public static void imageResolved(Path runDir, ImageRecord image) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("image", LedgerJson.image(image));
        appendLine(runDir, n, false);
    }

    // one lock for the process: each record is one write of an O_APPEND file, never interleaved with another
    private static synchronized void appendLine(Path runDir, JsonNode n, boolean close) {
        Path file = runDir.resolve(FILE);
        try {
            java.nio.channels.FileChannel ch = OPEN.get(runDir);
            if (ch == null) {
                ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                OPEN.put(runDir, ch);
            }
            byte[] line = (JsonText.write(n) + "\n").getBytes(StandardCharsets.UTF_8);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record an attempt in {} (the run's report will miss it): {}", file, e.toString());
        } finally {
            if (close) {
                java.nio.channels.FileChannel ch = OPEN.remove(runDir);
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException e) {
                        LOG.warn("cannot close {}: {}", file, e.toString());
                    }
                }
            }
        }
    }

    /** The ledger of a run directory; empty when there is none. Torn or foreign lines are skipped. */
    public static Contents read(Path runDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(runDir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), List.of(), List.of());
        }
        List<AttemptRecord> attempts = new ArrayList<>();
        List<RunEnd> runs = new ArrayList<>();
        java.util.Map<String, ImageRecord> images = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            try {
                JsonNode n = JsonText.read(line);
                if (n == null || !n.isObject()) {
                    continue;
                }
                if (n.has("image")) {
                    ImageRecord i = LedgerJson.image(n.get("image"));
                    images.put(i.image(), i); // a resumed run resolves again: its latest answer
                } else if (n.has("run")) {
                    runs.add(new RunEnd(n.get("run").asText(), n.path("started").asLong(), n.path("ended").asLong()));
                } else {
                    attempts.add(LedgerJson.attempt(n));
                }
            } catch (IOException e) {
                // a line torn by a crash while it was written
            }
        }
        return new Contents(attempts, runs, List.copyOf(images.values()));
    }
}
