package org.wdlbatch.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void hitOnlyForSameTaskSameInputsAndUnchangedFiles() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.txt"), "data");
        Path out = Files.writeString(tmp.resolve("out.txt"), "result");
        CallCache cache = new CallCache(tmp.resolve("_CACHE/call"), FileIdentity.STAT, true, true);

        CallCache.Key key = cache.key("count", "d1", json("{\"a\":1,\"b\":[1,2]}"), List.of(in));
        assertThat(cache.get(key)).isEmpty();
        cache.put(key, json("{\"n\":4,\"f\":\"" + out + "\"}"), List.of(out));

        CallCache.Key sameReordered = cache.key("count", "d1", json("{\"b\":[1,2],\"a\":1}"), List.of(in));
        assertThat(sameReordered).isEqualTo(key);
        assertThat(cache.get(sameReordered)).get().extracting(n -> n.path("n").asInt()).isEqualTo(4);

        assertThat(cache.key("count", "d2", json("{\"a\":1,\"b\":[1,2]}"), List.of(in))).isNotEqualTo(key);
        assertThat(cache.key("count", "d1", json("{\"a\":2,\"b\":[1,2]}"), List.of(in))).isNotEqualTo(key);

        Files.writeString(in, "other data");
        Files.setLastModifiedTime(in, FileTime.fromMillis(Files.getLastModifiedTime(in).toMillis() + 5000));
        assertThat(cache.key("count", "d1", json("{\"a\":1,\"b\":[1,2]}"), List.of(in))).isNotEqualTo(key);
    }

    @Test
    void changedOrDeletedOutputsMakeTheEntryStale() throws Exception {
        Path out = Files.writeString(tmp.resolve("out.txt"), "result");
        CallCache cache = new CallCache(tmp.resolve("c"), FileIdentity.DIGEST, true, true);
        CallCache.Key key = cache.key("t", "d", json("{}"), List.of());
        cache.put(key, json("{}"), List.of(out));
        assertThat(cache.get(key)).isPresent();

        Files.writeString(out, "edited");
        assertThat(cache.get(key)).isEmpty();
        Files.writeString(out, "result");
        assertThat(cache.get(key)).as("same content again, digest identity").isPresent();
        Files.delete(out);
        assertThat(cache.get(key)).as("the entry holds its own link of the output").isPresent();
    }

    @Test
    void anEntryOwnsItsFilesSoDeletingTheRunThatMadeThemBreaksNothing() throws Exception {
        Path runA = Files.createDirectories(tmp.resolve("runs/A/call-t/work"));
        Path out = Files.writeString(runA.resolve("out.txt"), "result of A");
        Path dirOut = Files.createDirectories(runA.resolve("parts"));
        Files.writeString(dirOut.resolve("1.txt"), "one");
        Files.createDirectories(dirOut.resolve("sub"));
        Files.writeString(dirOut.resolve("sub/2.txt"), "two");
        for (FileIdentity identity : FileIdentity.values()) {
            CallCache cache = new CallCache(tmp.resolve("runs/_CACHE/call-" + identity), identity, true, true);
            CallCache.Key key = cache.key("t", "d", json("{}"), List.of());
            cache.put(key, json("{\"f\":\"" + out + "\",\"d\":\"" + dirOut + "\",\"n\":3}"), List.of(out, dirOut));

            Path callB = Files.createDirectories(tmp.resolve("runs/B-" + identity + "/call-t"));
            JsonNode hit = cache.get(key, callB).orElseThrow();
            Path f = Path.of(hit.get("f").asText());
            Path d = Path.of(hit.get("d").asText());
            assertThat(f).startsWith(callB.resolve("cached")).hasContent("result of A");
            assertThat(d).startsWith(callB.resolve("cached")).isDirectory();
            assertThat(d.resolve("sub/2.txt")).hasContent("two");
            assertThat(hit.get("n").asInt()).isEqualTo(3);
            assertThat(Files.isSymbolicLink(f)).as("a name of its own, not a link into run A").isFalse();
        }
        // run A is deleted (--delete-after): B's results and the entries are untouched
        deleteTree(tmp.resolve("runs/A"));
        for (FileIdentity identity : FileIdentity.values()) {
            CallCache cache = new CallCache(tmp.resolve("runs/_CACHE/call-" + identity), identity, true, true);
            CallCache.Key key = cache.key("t", "d", json("{}"), List.of());
            assertThat(tmp.resolve("runs/B-" + identity + "/call-t/cached/0/out.txt")).hasContent("result of A");
            Path callC = Files.createDirectories(tmp.resolve("runs/C-" + identity + "/call-t"));
            JsonNode hit = cache.get(key, callC).orElseThrow();
            assertThat(Path.of(hit.get("f").asText())).hasContent("result of A");
            assertThat(Path.of(hit.get("d").asText()).resolve("1.txt")).hasContent("one");
        }
    }

    @Test
    void anEntryWrittenBeforeEntriesOwnedTheirFilesIsNotUsed() throws Exception {
        CallCache cache = new CallCache(tmp.resolve("c"), FileIdentity.STAT, true, true);
        CallCache.Key key = cache.key("t", "d", json("{}"), List.of());
        Files.createDirectories(cache.entryPath(key).getParent());
        Files.writeString(cache.entryPath(key), "{\"outputs\": {\"x\": 1}, \"files\": {}}");
        assertThat(cache.get(key)).isEmpty();
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Test
    void getAndPutSwitchesAreHonoured() throws Exception {
        CallCache writeOnly = new CallCache(tmp.resolve("c"), FileIdentity.STAT, false, true);
        CallCache.Key key = writeOnly.key("t", "d", json("{}"), List.of());
        writeOnly.put(key, json("{\"x\":1}"), List.of());
        assertThat(writeOnly.get(key)).isEmpty();
        assertThat(new CallCache(tmp.resolve("c"), FileIdentity.STAT, true, false).get(key)).isPresent();

        CallCache readOnly = new CallCache(tmp.resolve("d"), FileIdentity.STAT, true, false);
        readOnly.put(key, json("{\"x\":1}"), List.of());
        assertThat(readOnly.get(key)).isEmpty();
    }

    @Test
    void directoriesAreIdentifiedByTheirFiles() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("d/sub"));
        Files.writeString(d.resolve("a"), "1");
        String before = FileIdentity.DIGEST.of(tmp.resolve("d"));
        Files.writeString(d.resolve("a"), "2");
        assertThat(FileIdentity.DIGEST.of(tmp.resolve("d"))).isNotEqualTo(before);
        assertThat(FileIdentity.STAT.of(tmp.resolve("missing"))).isNull();
    }
}
