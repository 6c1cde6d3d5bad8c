package org.wdlbatch.emulator.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.wdlbatch.emulator.http.Json;

/** The emulator's EventBridge event buses and every event put on them, kept for tests to read. */
public final class EventBuses {

    /** Where each accepted one is also appended as a JSON line, or null. */
    private final java.nio.file.Path journal;

    public EventBuses(java.nio.file.Path journal) {
        this.journal = journal;
    }

    /** One accepted event; {@code busExists} false when the bus was not created (AWS accepts it all the same). */
    public record Event(String eventId, String busName, String source, String detailType, String detail,
            boolean busExists, long timestamp) {}

    private final Set<String> buses = new LinkedHashSet<>(Set.of("default"));
    private final List<Event> events = new ArrayList<>();

    public synchronized boolean create(String name) {
        return buses.add(name);
    }

    synchronized boolean exists(String name) {
        return buses.contains(name);
    }

    synchronized void add(Event e) {
        events.add(e);
        if (journal != null) {
            org.wdlbatch.emulator.sns.SnsTopics.append(journal, Json.object().put("eventId", e.eventId())
                    .put("eventBusName", e.busName()).put("source", e.source()).put("detailType", e.detailType())
                    .put("detail", e.detail()).put("busExists", e.busExists()).put("timestamp", e.timestamp()));
        }
    }

    /** Every event put so far, in order. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The events as JSON, for the control API. */
    public synchronized ObjectNode toJson() {
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("events");
        for (Event e : events) {
            arr.addObject().put("eventId", e.eventId()).put("eventBusName", e.busName()).put("source", e.source())
                    .put("detailType", e.detailType()).put("detail", e.detail()).put("busExists", e.busExists())
                    .put("timestamp", e.timestamp());
        }
        return out;
    }
}
