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
        assertThat(cache.get(key)).isEmpty();
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
