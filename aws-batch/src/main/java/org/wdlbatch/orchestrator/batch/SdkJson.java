package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * AWS SDK model objects to and from the JSON AWS itself uses (member names as on the wire), for the job detail
 * files and for passing {@code [aws] container_properties} through.
 */
final class SdkJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private SdkJson() {}

    static JsonNode toJson(Object o) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (o == null) {
            return f.nullNode();
        }
        if (o instanceof SdkPojo pojo) {
            ObjectNode n = f.objectNode();
            for (SdkField<?> field : pojo.sdkFields()) {
                Object v = field.getValueOrDefault(pojo);
                if (v == null || (v instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>)
                        || (v instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>)) {
                    continue;
                }
                n.set(field.locationName(), toJson(v));
            }
            return n;
        }
        if (o instanceof Collection<?> c) {
            ArrayNode a = f.arrayNode();
            c.forEach(x -> a.add(toJson(x)));
            return a;
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode n = f.objectNode();
            m.forEach((k, v) -> n.set(String.valueOf(k), toJson(v)));
            return n;
        }
        if (o instanceof Integer i) {
            return f.numberNode(i);
        }
        if (o instanceof Long l) {
            return f.numberNode(l);
        }
        if (o instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (o instanceof Double d) {
            return f.numberNode(d);
        }
        return f.textNode(String.valueOf(o));
    }

    /** A model object from its wire JSON through the SDK's serializable builder, e.g. ContainerProperties. */
    static <T> T fromJson(JsonNode json, Class<?> serializableBuilderClass, String what) {
        try {
            Object builder = MAPPER.treeToValue(json, serializableBuilderClass);
            @SuppressWarnings("unchecked")
            T built = (T) ((software.amazon.awssdk.utils.builder.SdkBuilder<?, ?>) builder).build();
            return built;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BatchConfigException(what + ": " + e.getOriginalMessage());
        }
    }
}
