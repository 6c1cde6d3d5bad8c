package org.wdlbatch.orchestrator.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Rewrites the File and Directory values of an {@code outputs.json} (absolute local paths) to where they were
 * uploaded. Every string anywhere in the JSON (arrays, maps, pairs, structs) that the mapping knows is replaced;
 * other strings stay as they are.
 */
public final class OutputsRewriter {

    private OutputsRewriter() {}

    /** A copy of {@code outputs} with each string {@code s} replaced by {@code uploadedUri.apply(s)} when non-null. */
    public static JsonNode rewrite(JsonNode outputs, Function<String, String> uploadedUri) {
        JsonNode copy = outputs.deepCopy();
        return rewriteInPlace(copy, uploadedUri);
    }

    /** Convenience for a fixed mapping. */
    public static JsonNode rewrite(JsonNode outputs, Map<String, String> uploadedUri) {
        return rewrite(outputs, uploadedUri::get);
    }

    private static JsonNode rewriteInPlace(JsonNode node, Function<String, String> uploadedUri) {
        if (node.isTextual()) {
            String uri = uploadedUri.apply(node.asText());
            return uri == null ? node : TextNode.valueOf(uri);
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, rewriteInPlace(a.get(i), uploadedUri));
            }
        } else if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(rewriteInPlace(e.getValue(), uploadedUri));
            }
        }
        return node;
    }
}
