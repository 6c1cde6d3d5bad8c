package org.wdlbatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.emulator.batch.BatchState;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.logs.LogStore;

/**
 * Keeps Batch and Logs state in {@code DIR/state/} ({@code batch.json}, {@code logs.json}) so it survives a
 * restart: saved every few seconds and on close, loaded on start. Jobs that were starting or running when the
 * emulator stopped come back FAILED, their processes having gone with it.
 */
final class StatePersistence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatePersistence.class);

    private final Path folder;
    private final BatchState batch;
    private final LogStore logs;
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aws-emulator-state");
        t.setDaemon(true);
        return t;
    });

    StatePersistence(Path folder, BatchState batch, LogStore logs) {
        this.folder = folder;
        this.batch = batch;
        this.logs = logs;
    }

    void load() throws IOException {
        Path b = folder.resolve("batch.json");
        if (Files.exists(b)) {
            batch.restore((ObjectNode) Json.MAPPER.readTree(b.toFile()));
        }
        Path l = folder.resolve("logs.json");
        if (Files.exists(l)) {
            JsonNode root = Json.MAPPER.readTree(l.toFile());
            List<LogStore.Group> groups = new ArrayList<>();
            long seq = 0;
            for (JsonNode g : root.path("groups")) {
                LogStore.Group group = LogStore.newGroup(g.path("name").asText(), g.path("creationTime").asLong());
                for (JsonNode s : g.path("streams")) {
                    LogStore.Stream stream = LogStore.newStream(s.path("name").asText(), s.path("creationTime").asLong());
                    for (JsonNode e : s.path("events")) {
                        long eSeq = e.get(3).asLong();
                        stream.events.add(new LogStore.Event(e.get(0).asLong(), e.get(1).asText(), e.get(2).asLong(), eSeq));
                        stream.storedBytes += e.get(1).asText().length() + 26;
                        seq = Math.max(seq, eSeq);
                    }
                    group.streams.put(stream.name, stream);
                }
                groups.add(group);
            }
            logs.restore(groups, seq);
        }
    }

    void startPeriodicSaves() {
        saver.scheduleWithFixedDelay(this::saveQuietly, 5, 5, TimeUnit.SECONDS);
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException | RuntimeException e) {
            LOG.warn("saving emulator state to {} failed", folder, e);
        }
    }

    synchronized void save() throws IOException {
        Files.createDirectories(folder);
        write(folder.resolve("batch.json"), batch.snapshot());
        ObjectNode root = Json.object();
        ArrayNode groups = root.putArray("groups");
        synchronized (logs) {
            for (LogStore.Group g : logs.groups()) {
                ObjectNode go = groups.addObject().put("name", g.name).put("creationTime", g.creationTime);
                ArrayNode streams = go.putArray("streams");
                for (LogStore.Stream s : g.streams.values()) {
                    ObjectNode so = streams.addObject().put("name", s.name).put("creationTime", s.creationTime);
                    ArrayNode events = so.putArray("events");
                    for (LogStore.Event e : s.events) {
                        events.addArray().add(e.timestamp()).add(e.message()).add(e.ingestionTime()).add(e.seq());
                    }
                }
            }
        }
        write(folder.resolve("logs.json"), root);
    }

    private static void write(Path file, JsonNode node) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), node);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        saver.shutdownNow();
        save();
    }
}
