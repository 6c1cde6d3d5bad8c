package org.wdlbatch.engine.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import org.wdlbatch.wdl.json.JsonText;

/**
 * Results of finished task calls, kept under {@code <dir>/_CACHE/call/<task>/<key>.json} so that a later run
 * with the same task and the same inputs reuses them instead of running again.
 *
 * <p>The key covers the task's source digest, the input values (canonical JSON), the identity of every
 * input file (its path too: a downloaded input lives in a folder named after the source's version, so a replaced
 * {@code s3://} object gives a new key), and the call's context: variables the run sets in every task
 * ({@code --env}) and the digest of the task's image (a tag that moved to another image gives a new key). An entry records the identity of every output file too, and is used
 * only while all of them are still there, unchanged: an edited output makes the entry a miss, never a wrong
 * answer.
 *
 * <p><b>Entries own their files.</b> An entry keeps its own hard links (copies across file systems) of the
 * outputs under {@code <task>/<key>.files-<n>/}, and a run that reuses it gets its own links of those under its
 * call directory ({@code cached/}). No run directory is shared with another run or with the cache, so deleting
 * one ({@code --delete-after}, or by hand) never breaks another run or an entry. (The other way, deletion that
 * keeps files someone references, would need every deleter to know every reader, on a shared file system, at
 * the moment of deletion; links need nothing of the kind.) Removing {@code _CACHE/call} frees what only the cache
 * still holds.
 */
public final class CallCache {

    private static final Logger LOG = LoggerFactory.getLogger(CallCache.class);

    /** Entries of this format own their files; older ones point into run directories and are not used. */
    static final int FORMAT = 2;

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
        return key(taskName, taskDigest, inputs, inputFiles, Map.of());
    }

    /**
     * The cache key of a call whose result depends on more than its task and inputs.
     *
     * @param context what else decides the result, by name: the environment variables the run sets in every task
     *     ({@code env.NAME}) and the digest the task's image resolved to ({@code image}). Empty for none, which
     *     gives the same key as the four-argument form (entries made before either existed stay usable).
     */
    public Key key(String taskName, String taskDigest, JsonNode inputs, List<Path> inputFiles,
            Map<String, String> context) {
        MessageDigest md = FileIdentity.sha256();
        update(md, taskDigest);
        update(md, canonical(inputs));
        for (Map.Entry<String, String> c : new java.util.TreeMap<>(context).entrySet()) {
            update(md, "context " + c.getKey());
            update(md, c.getValue());
        }
        for (Path f : inputFiles.stream().sorted().toList()) {
            update(md, f.toAbsolutePath().toString());
            String id = identity.of(f);
            update(md, id == null ? "missing" : id);
        }
        return new Key(safeName(taskName), HexFormat.of().formatHex(md.digest()));
    }

    public record Key(String task, String digest) {}

    /**
     * The cached outputs (as stored by {@link #put}, paths into the entry's own files) when the entry exists and
     * its files are unchanged.
     */
    public Optional<JsonNode> get(Key key) {
        return read(key).map(e -> e.path("outputs"));
    }

    /**
     * The cached outputs for the call whose directory is {@code callDir}: the entry's files get new names under
     * {@code callDir/cached/} (hard links, or copies), and the outputs name those, so the call owns its results
     * as if it had run. Empty when there is no usable entry or the links cannot be made.
     */
    public Optional<JsonNode> get(Key key, Path callDir) {
        Optional<JsonNode> entry = read(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Path cached = callDir.resolve("cached");
        try {
            deleteTree(cached);
            Map<String, String> renamed = new LinkedHashMap<>();
            int n = 0;
            for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) entry.get()
                    .path("files")::fields) {
                Path source = Path.of(f.getKey());
                Path target = cached.resolve(Integer.toString(n++)).resolve(source.getFileName().toString());
                OwnLinks.link(source, target);
                renamed.put(f.getKey(), target.toString());
            }
            return Optional.of(renamePaths(entry.get().path("outputs"), renamed));
        } catch (IOException | RuntimeException e) {
            LOG.warn("call cache entry {} not used: cannot link its files under {}: {}", entryPath(key), cached,
                    e.toString());
            return Optional.empty();
        }
    }

    private Optional<JsonNode> read(Key key) {
        if (!get) {
            return Optional.empty();
        }
        Path entry = entryPath(key);
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JsonText.read(entry);
            if (node.path("format").asInt() != FORMAT) {
                LOG.info("call cache entry {} predates entries that own their files: not used", entry);
                return Optional.empty();
            }
            JsonNode files = node.path("files");
            for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) files::fields) {
                String now = identity.of(Path.of(f.getKey()));
                if (now == null || !now.equals(f.getValue().asText())) {
                    LOG.info("call cache entry {} is stale: {} is {}", entry, f.getKey(),
                            now == null ? "gone" : "changed");
                    return Optional.empty();
                }
            }
            return Optional.of(node);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable call cache entry {}: {}", entry, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Stores a finished call's outputs: each output file or directory gets its own name under the entry (so the
     * entry survives the deletion of the run directory), and the stored outputs and identities are those names'.
     */
    public void put(Key key, JsonNode outputs, List<Path> outputFiles) {
        if (!put) {
            return;
        }
        Path target = entryPath(key);
        Path store = target.resolveSibling(key.digest() + ".files-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
        try {
            Map<String, String> renamed = new LinkedHashMap<>();
            Map<String, String> files = new LinkedHashMap<>();
            int n = 0;
            for (Path f : outputFiles) {
                String original = f.toAbsolutePath().toString();
                if (renamed.containsKey(original)) {
                    continue;
                }
                Path own = store.resolve(Integer.toString(n++)).resolve(f.getFileName().toString());
                OwnLinks.link(f, own);
                String id = identity.of(own);
                if (id == null) {
                    deleteTree(store);
                    return; // an output that is already gone cannot be reused
                }
                renamed.put(original, own.toString());
                files.put(own.toString(), id);
            }
            ObjectNode entry = JsonNodeFactory.instance.objectNode();
            entry.put("format", FORMAT);
            entry.set("outputs", renamePaths(outputs, renamed));
            entry.set("files", JsonText.object(files));
            entry.put("store", store.getFileName().toString());
            String previousStore = previousStore(target);
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid());
            Files.write(tmp, JsonText.prettyBytes(entry));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (previousStore != null && !previousStore.equals(store.getFileName().toString())) {
                // a reader still linking from it finds it gone and takes a miss, never a wrong answer
                deleteTree(target.resolveSibling(previousStore));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write call cache entry {}: {}", target, e.toString());
            try {
                deleteTree(store);
            } catch (IOException ignored) {
                // a stray folder of links; the next put of this key does not depend on it
            }
        }
    }

    private static String previousStore(Path entry) {
        try {
            String s = JsonText.read(entry).path("store").asText("");
            return s.isEmpty() || s.contains("/") || s.contains("..") ? null : s;
        } catch (IOException e) {
            return null;
        }
    }

    /** A copy of {@code node} with each string that is a key of {@code renamed} replaced by its value. */
    static JsonNode renamePaths(JsonNode node, Map<String, String> renamed) {
        if (node.isTextual()) {
            String r = renamed.get(node.asText());
            return r == null ? node : com.fasterxml.jackson.databind.node.TextNode.valueOf(r);
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> a.add(renamePaths(e, renamed)));
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> o.set(e.getKey(), renamePaths(e.getValue(), renamed)));
            return o;
        }
        return node;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    Path entryPath(Key key) {
        return dir.resolve(key.task()).resolve(key.digest() + ".json");
    }

    /**
     * JSON text with object keys sorted, so equal values always give equal text: the text keys made before
     * {@link JsonText} had (an ObjectMapper sorting map entries), so existing cache entries still match.
     */
    static String canonical(JsonNode node) {
        return JsonText.canonical(node);
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
    }

    private static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
