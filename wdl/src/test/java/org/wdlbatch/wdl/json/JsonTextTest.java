package org.wdlbatch.wdl.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JsonText} reads and writes what an {@code ObjectMapper} (the engine's JSON before) reads and writes. */
class JsonTextTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** Documents as the engine meets them: inputs, outputs, cache entries, ledgers, odd numbers and strings. */
    private static final List<String> CORPUS = List.of(
            "{}", "[]", "null", "true", "false", "0", "-1", "\"\"",
            "{\"wf.n\": 3, \"wf.name\": \"x\", \"wf.files\": [\"/a/b.txt\", \"s3://bucket/k ey\"], \"wf.opt\": null}",
            "{\"b\": {\"z\": 1, \"a\": [1, 2.5, {\"y\": true, \"c\": false}]}, \"a\": \"é ☃ \\u0000 \\n \\\" \\\\\"}",
            "[2147483647, 2147483648, -2147483649, 9223372036854775807, 9223372036854775808, -9223372036854775809]",
            "[1.0, 0.1, -0.0, 1e10, 1.5e-7, 123456789.123456789, 1E+308, 4.9e-324, 3.0E0]",
            "{\"k\": 1, \"k\": 2, \"j\": {\"k\": [1], \"k\": [2, 3]}}",
            "  {\"padded\" : [ 1 , 2 ]}  \n",
            "{\"deep\": [[[[{\"x\": [[{}], []]}]]]]}",
            "\"a string \\t with \\/ escapes \\ud83d\\ude00\"",
            "{\"format\":2,\"outputs\":{\"t.out\":\"/c/0/out.txt\"},\"files\":{\"/c/0/out.txt\":\"12:34\"},\"store\":\"s\"}");

    @Test
    void readsTheTreesAMapperReads() throws Exception {
        for (String doc : CORPUS) {
            JsonNode ours = JsonText.read(doc);
            JsonNode theirs = MAPPER.readTree(doc);
            assertThat(ours).as(doc).isEqualTo(theirs);
            assertThat(nodeClasses(ours)).as(doc).isEqualTo(nodeClasses(theirs));
            assertThat(JsonText.read(doc.getBytes(StandardCharsets.UTF_8))).as(doc).isEqualTo(theirs);
        }
    }

    @Test
    void writesTheTextAMapperWrites() throws Exception {
        for (String doc : CORPUS) {
            JsonNode tree = MAPPER.readTree(doc);
            assertThat(JsonText.write(tree)).as(doc).isEqualTo(MAPPER.writeValueAsString(tree));
            assertThat(JsonText.pretty(tree)).as(doc)
                    .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
            assertThat(JsonText.prettyBytes(tree)).as(doc)
                    .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
            assertThat(JsonText.canonical(tree)).as(doc)
                    .isEqualTo(CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class)));
            assertThat(JsonText.plain(tree)).as(doc).isEqualTo(MAPPER.convertValue(tree, Object.class));
        }
    }

    @Test
    void writesNodesBuiltInCodeAsAMapperDoes() throws Exception {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("int", 1).put("long", 1L << 40).put("double", 2.5).put("float", 1.25f).put("short", (short) 7)
                .put("big", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1.10")).put("text", "t").put("yes", true).putNull("none");
        o.set("missing", f.missingNode());
        o.putArray("list").add(1).add("two").addNull().addObject().put("z", 0);
        o.put("bytes", new byte[] {1, 2, 3});
        assertThat(JsonText.write(o)).isEqualTo(MAPPER.writeValueAsString(o));
        assertThat(JsonText.pretty(o)).isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        assertThat(JsonText.write(f.missingNode())).isEqualTo(MAPPER.writeValueAsString(f.missingNode()));
        ObjectNode s = JsonText.object(Map.of("k", "v"));
        assertThat(JsonText.write(s)).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void emptyInputIsAMissingNodeAndTextAfterTheFirstValueIsNotRead() throws Exception {
        for (String doc : List.of("", "   \n", "1 2", "{} garbage", "[1] ]")) {
            assertThat(JsonText.read(doc)).as(doc).isEqualTo(MAPPER.readTree(doc));
        }
        assertThat(JsonText.read("").isMissingNode()).isTrue();
    }

    @Test
    void badJsonFailsWithTheParsersMessage() {
        for (String doc : List.of("{", "{\"a\" 1}", "[1,,2]", "nul", "{\"a\":1,}", "'single'", "[1, 2")) {
            String expected = message(() -> MAPPER.readTree(doc));
            assertThatThrownBy(() -> JsonText.read(doc)).as(doc).isInstanceOf(JsonProcessingException.class)
                    .satisfies(e -> assertThat(((JsonProcessingException) e).getOriginalMessage()).isEqualTo(expected));
        }
    }

    @Test
    void readsFilesWithAByteOrderMark(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("in.json");
        byte[] body = "{\"a\": [1, \"é\"]}".getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[body.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bom, 3, body.length);
        Files.write(f, bom);
        assertThat(JsonText.read(f)).isEqualTo(MAPPER.readTree(f.toFile()));
    }

    private interface Parse {
        Object run() throws Exception;
    }

    private static String message(Parse p) {
        try {
            p.run();
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the mapper read it");
    }

    private static List<String> nodeClasses(JsonNode n) {
        List<String> out = new ArrayList<>();
        out.add(n.getClass().getSimpleName());
        n.forEach(c -> out.addAll(nodeClasses(c)));
        return out;
    }
}
