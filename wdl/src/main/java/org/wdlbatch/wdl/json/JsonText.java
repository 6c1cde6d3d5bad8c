package org.wdlbatch.wdl.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to Jackson trees ({@link JsonNode}) and back, with jackson-core's streaming parser and generator and
 * no {@code ObjectMapper}. The engine reads and writes all its JSON as trees; an {@code ObjectMapper} would cost a
 * local run about 600 more classes (5 MB of the class-data archive, the largest part of the JVM's resident memory)
 * and, through its date format, the JDK's whole CLDR locale table (docs/benchmarks.md, "wdlbatch run of 1,000 local
 * calls: peak RSS"). The text is the mapper's, character for character ({@code JsonTextTest} compares them):
 *
 * <ul>
 *   <li>reading: integers as {@code IntNode}, {@code LongNode} or {@code BigIntegerNode} by size, other numbers as
 *       {@code DoubleNode}; a repeated key keeps its last value; empty input is a {@code MissingNode}; text after
 *       the first value is not read;
 *   <li>writing: compact, or indented as {@code writerWithDefaultPrettyPrinter()} indents; {@link #canonical}
 *       sorts object keys at every level, as a mapper with {@code ORDER_MAP_ENTRIES_BY_KEYS} writes the tree read
 *       as plain Java values.
 * </ul>
 *
 * <p>{@code JsonNode.toString()} goes through databind's own internal mapper: write with {@link #write} instead.
 */
public final class JsonText {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonText() {}

    /** The first JSON value of {@code text}; a {@code MissingNode} when there is none. */
    public static JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser p = FACTORY.createParser(text)) {
            return readFirst(p);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String has no I/O to fail
        }
    }

    /** The first JSON value of {@code bytes} (UTF-8, or as their byte order mark says). */
    public static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return readFirst(p);
        }
    }

    /** The first JSON value of a file. */
    public static JsonNode read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    /** Compact JSON text of a tree: what {@code ObjectMapper.writeValueAsString(node)} gives. */
    public static String write(JsonNode node) {
        return text(node, false, false);
    }

    /** Indented JSON text of a tree: what {@code writerWithDefaultPrettyPrinter().writeValueAsString} gives. */
    public static String pretty(JsonNode node) {
        return text(node, true, false);
    }

    /**
     * Indented JSON as UTF-8 bytes: what {@code writerWithDefaultPrettyPrinter().writeValueAsBytes} gives (jackson's
     * byte generator escapes characters beyond the Basic Multilingual Plane as surrogate pairs, {@link #pretty}'s
     * text keeps them).
     */
    public static byte[] prettyBytes(JsonNode node) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, node, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array has no I/O to fail
        }
        return out.toByteArray();
    }

    /** Compact JSON text with object keys sorted at every level, so equal values always give equal text. */
    public static String canonical(JsonNode node) {
        return text(node, false, true);
    }

    /** The tree as plain values: {@code Map} (in order), {@code List}, {@code String}, a number, a boolean or null. */
    public static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (node.isArray()) {
            List<Object> l = new ArrayList<>(node.size());
            node.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (node.isNumber()) {
            return node.isFloatingPointNumber() ? (Object) node.doubleValue() : node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /** An object node of string values, in the map's order. */
    public static ObjectNode object(Map<String, String> strings) {
        ObjectNode o = NODES.objectNode();
        strings.forEach(o::put);
        return o;
    }

    private static JsonNode readFirst(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        return t == null ? NODES.missingNode() : value(p, t);
    }

    // recursive descent over the parser's tokens; nesting depth is bounded by the parser's StreamReadConstraints
    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("unexpected JSON token " + t); // the parser rejects the rest
        }
    }

    private static String text(JsonNode node, boolean indent, boolean sortKeys) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (indent) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, node, sortKeys);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter has no I/O to fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode n, boolean sortKeys) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
                if (sortKeys) {
                    java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>();
                    fields.forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
                    fields = sorted.entrySet().iterator();
                }
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> e = fields.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue(), sortKeys);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : n) {
                    write(g, e, sortKeys);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(n.decimalValue());
                }
            }
            case BINARY -> g.writeBinary(n.binaryValue());
            case MISSING -> g.writeNull(); // as MissingNode.serialize: a member's name may already be written
            case POJO -> throw new IllegalArgumentException("a POJO node has no JSON text without a mapper");
        }
    }
}
