package org.wdlbatch.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wdlbatch.engine.report.AttemptLedger.ImageRecord;

/**
 * The ledger's records as JSON objects and back, written out by hand rather than bound by an ObjectMapper (which
 * would load several hundred classes into every run: see {@code JsonText}). The lines are the ones the mapper wrote:
 * members in the records' component order, an attempt's and a usage's null members left out, an image's kept.
 * Reading is lenient as a report should be: a member that is missing or of another type reads as null (0 or false
 * for a primitive), and members it does not know are ignored.
 */
final class LedgerJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private LedgerJson() {}

    static ObjectNode attempt(AttemptRecord a) {
        ObjectNode o = F.objectNode();
        putText(o, "call", a.call());
        putText(o, "name", a.name());
        o.put("attempt", a.attempt());
        putText(o, "outcome", a.outcome());
        putText(o, "exitKind", a.exitKind());
        if (a.exitCode() != null) {
            o.put("exitCode", a.exitCode());
        }
        putText(o, "reason", a.reason());
        o.put("cpus", a.cpus());
        o.put("memoryBytes", a.memoryBytes());
        o.put("fallback", a.fallback());
        putLong(o, "submitted", a.submitted());
        putLong(o, "ended", a.ended());
        putText(o, "jobId", a.jobId());
        putText(o, "queue", a.queue());
        putLong(o, "createdAt", a.createdAt());
        putLong(o, "startedAt", a.startedAt());
        putLong(o, "stoppedAt", a.stoppedAt());
        putText(o, "statusReason", a.statusReason());
        if (a.usage() != null) {
            o.set("usage", usage(a.usage()));
        }
        return o;
    }

    static AttemptRecord attempt(JsonNode n) {
        JsonNode u = n.get("usage");
        return new AttemptRecord(text(n, "call"), text(n, "name"), n.path("attempt").asInt(), text(n, "outcome"),
                text(n, "exitKind"), n.path("exitCode").isIntegralNumber() ? n.get("exitCode").asInt() : null,
                text(n, "reason"), n.path("cpus").asDouble(), n.path("memoryBytes").asLong(),
                n.path("fallback").asBoolean(), longOrNull(n, "submitted"), longOrNull(n, "ended"), text(n, "jobId"),
                text(n, "queue"), longOrNull(n, "createdAt"), longOrNull(n, "startedAt"), longOrNull(n, "stoppedAt"),
                text(n, "statusReason"), u != null && u.isObject() ? usage(u) : null);
    }

    static ObjectNode usage(Usage u) {
        ObjectNode o = F.objectNode();
        putLong(o, "started", u.started());
        putLong(o, "ended", u.ended());
        if (u.cpuSeconds() != null) {
            o.put("cpuSeconds", u.cpuSeconds());
        }
        putLong(o, "memoryPeakBytes", u.memoryPeakBytes());
        putText(o, "instanceType", u.instanceType());
        putText(o, "lifecycle", u.lifecycle());
        putText(o, "source", u.source());
        return o;
    }

    static Usage usage(JsonNode n) {
        return new Usage(longOrNull(n, "started"), longOrNull(n, "ended"),
                n.path("cpuSeconds").isNumber() ? n.get("cpuSeconds").asDouble() : null,
                longOrNull(n, "memoryPeakBytes"), text(n, "instanceType"), text(n, "lifecycle"), text(n, "source"));
    }

    /** An image record keeps its null members, as it always has. */
    static ObjectNode image(ImageRecord i) {
        ObjectNode o = F.objectNode();
        o.put("image", i.image());
        o.put("digest", i.digest());
        o.put("source", i.source());
        o.put("note", i.note());
        return o;
    }

    static ImageRecord image(JsonNode n) {
        return new ImageRecord(text(n, "image"), text(n, "digest"), text(n, "source"), text(n, "note"));
    }

    private static void putText(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void putLong(ObjectNode o, String name, Long value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Long longOrNull(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v != null && v.isNumber() ? v.asLong() : null;
    }
}
