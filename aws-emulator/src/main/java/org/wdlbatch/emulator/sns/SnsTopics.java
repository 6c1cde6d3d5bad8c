package org.wdlbatch.emulator.sns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.emulator.http.Json;

/** The emulator's SNS topics and every message published to them, kept for tests to read. */
public final class SnsTopics {

    /** Where each accepted one is also appended as a JSON line, or null. */
    private final java.nio.file.Path journal;

    public SnsTopics(java.nio.file.Path journal) {
        this.journal = journal;
    }

    /** One message as Publish received it. */
    public record Message(String messageId, String topicArn, String subject, String body, long timestamp) {}

    private final Map<String, String> topics = new LinkedHashMap<>();
    private final List<Message> messages = new ArrayList<>();

    /** Creates the topic, or returns the existing one's ARN (CreateTopic is idempotent for the same name). */
    public synchronized String create(String arn) {
        topics.putIfAbsent(arn, arn);
        return arn;
    }

    synchronized boolean exists(String arn) {
        return topics.containsKey(arn);
    }

    synchronized List<String> arns() {
        return new ArrayList<>(topics.keySet());
    }

    synchronized void add(Message m) {
        messages.add(m);
        if (journal != null) {
            ObjectNode o = Json.object().put("messageId", m.messageId()).put("topicArn", m.topicArn())
                    .put("subject", m.subject()).put("message", m.body()).put("timestamp", m.timestamp());
            append(journal, o);
        }
    }

    /** Appends one JSON line; a journal that cannot be written loses nothing the API answers. */
    public static void append(java.nio.file.Path file, ObjectNode o) {
        try {
            java.nio.file.Files.writeString(file, o.toString() + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("aws-emulator: cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Every message published so far, in order. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The messages as JSON, for the control API. */
    public synchronized ObjectNode toJson() {
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("messages");
        for (Message m : messages) {
            ObjectNode o = arr.addObject().put("messageId", m.messageId()).put("topicArn", m.topicArn())
                    .put("message", m.body()).put("timestamp", m.timestamp());
            if (m.subject() != null) {
                o.put("subject", m.subject());
            }
        }
        return out;
    }
}
