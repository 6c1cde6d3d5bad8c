package org.wdlbatch.engine.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results of finished task calls, kept under {@code <dir>/_CACHE/call/<task>/<key>.json} so that a later run
 * with the same task and the same inputs reuses them instead of running again.
 *
 * <p>The key covers the task's source digest, the input values (canonical JSON) and the identity of every
 * input file. An entry records the identity of every output file too, and is used only while all of them are
 * still there, unchanged: a deleted or edited output makes the entry a miss, never a wrong answer.
 */
public final class CallCache {

    private static final Logger LOG = LoggerFactory.getLogger(CallCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sorts map keys, so equal values always give equal text; built once (mappers are costly to make). */
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Path dir;
    private final FileIdentity identity;
    private final boolean get;
    private final boolean put;

    public CallCache(Path dir, FileIdentity identity, boolean get, boolean put) {
        this.dir = dir;
        this.identity = identity;
        this.get = get;
        this.put = put;
    }

    public FileIdentity identity() {
        return identity;
    }

    /** False when the cache is neither read nor written: callers can skip computing keys. */
    public boolean enabled() {
        return get || put;
    }

    /**
     * The cache key of a call.
     *
     * @param taskName the task's name (entries are grouped by it, for people browsing the cache)
     * @param taskDigest digest of the task's source text (any edit to the task changes it)
     * @param inputs the call's inputs as canonical JSON (sorted keys)
     * @param inputFiles every input file or directory, local path
     */
    public Key key(String taskName, String taskDigest, JsonNode inputs, List<Path> inputFiles) {
        MessageDigest md = FileIdentity.sha256();
        update(md, taskDigest);
        update(md, canonical(inputs));
        for (Path f : inputFiles.stream().sorted().toList()) {
            update(md, f.toAbsolutePath().toString());
            String id = identity.of(f);
            update(md, id == null ? "missing" : id);
        }
        return new Key(safeName(taskName), HexFormat.of().formatHex(md.digest()));
    }

    public record Key(String task, String digest) {}

    /** The cached outputs (as stored by {@link #put}) when the entry exists and its output files are unchanged. */
    public Optional<JsonNode> get(Key key) {
        if (!get) {
            return Optional.empty();
        }
        Path entry = entryPath(key);
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(entry.toFile());
            JsonNode files = node.path("files");
            for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) files::fields) {
                String now = identity.of(Path.of(f.getKey()));
                if (now == null || !now.equals(f.getValue().asText())) {
                    LOG.info("call cache entry {} is stale: {} is {}", entry, f.getKey(),
                            now == null ? "gone" : "changed");
                    return Optional.empty();
                }
            }
            return Optional.of(node.path("outputs"));
        } catch (IOException e) {
            LOG.warn("ignoring unreadable call cache entry {}: {}", entry, e.toString());
            return Optional.empty();
        }
    }

    /** Stores a finished call's outputs and the identities of its output files. */
    public void put(Key key, JsonNode outputs, List<Path> outputFiles) {
        if (!put) {
            return;
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (Path f : outputFiles) {
            String id = identity.of(f);
            if (id == null) {
                return; // an output that is already gone cannot be reused
            }
            files.put(f.toAbsolutePath().toString(), id);
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.set("outputs", outputs);
        entry.set("files", JSON.valueToTree(files));
        Path target = entryPath(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid());
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entry));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot write call cache entry {}: {}", target, e.toString());
        }
    }

    Path entryPath(Key key) {
        return dir.resolve(key.task()).resolve(key.digest() + ".json");
    }

    /** JSON text with object keys sorted, so equal values always give equal text. */
    static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
    }

    private static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
