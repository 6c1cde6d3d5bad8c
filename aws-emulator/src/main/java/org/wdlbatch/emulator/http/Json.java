package org.wdlbatch.emulator.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one Jackson mapper of the emulator and small helpers for reading request trees. */
public final class Json {

    public static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a request body; an empty body is an empty object. Malformed JSON is the caller's 400. */
    public static ObjectNode parseObject(byte[] body, String errorCode) {
        if (body.length == 0) {
            return object();
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isNull() || n.isMissingNode()) {
                return object();
            }
            if (!n.isObject()) {
                throw new AwsServiceException(400, errorCode, "The request body must be a JSON object");
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new AwsServiceException(400, errorCode, "Malformed JSON in request body: " + e.getMessage());
        }
    }

    public static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    public static Map<String, String> stringMap(JsonNode n, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && v.isObject()) {
            v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    public static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
