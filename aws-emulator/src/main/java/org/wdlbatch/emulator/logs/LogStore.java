package org.wdlbatch.emulator.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CloudWatch Logs data: groups of streams of events, in memory, guarded by this object's monitor. */
public final class LogStore {

    /** One log event; {@code seq} orders events of a group by arrival. */
    public record Event(long timestamp, String message, long ingestionTime, long seq) {}

    public static final class Stream {
        public final String name;
        public final long creationTime;
        public final List<Event> events = new ArrayList<>();
        public long storedBytes;

        Stream(String name, long creationTime) {
            this.name = name;
            this.creationTime = creationTime;
        }
    }

    public static final class Group {
        public final String name;
        public final long creationTime;
        public final Map<String, Stream> streams = new TreeMap<>();

        Group(String name, long creationTime) {
            this.name = name;
            this.creationTime = creationTime;
        }
    }

    private final Map<String, Group> groups = new TreeMap<>();
    private long seq;

    public synchronized Group group(String name) {
        return groups.get(name);
    }

    public synchronized List<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    /** Creates the group; false when it already exists. */
    public synchronized boolean createGroup(String name, long now) {
        if (groups.containsKey(name)) {
            return false;
        }
        groups.put(name, new Group(name, now));
        return true;
    }

    /** Creates the stream (and, with {@code createGroup}, its group); false when the stream exists. */
    public synchronized boolean createStream(String group, String stream, long now, boolean createGroup) {
        Group g = groups.get(group);
        if (g == null) {
            if (!createGroup) {
                throw new IllegalStateException("no group " + group);
            }
            g = new Group(group, now);
            groups.put(group, g);
        }
        if (g.streams.containsKey(stream)) {
            return false;
        }
        g.streams.put(stream, new Stream(stream, now));
        return true;
    }

    /** Appends one event to a stream, creating group and stream when missing (as the Batch log driver does). */
    public synchronized void append(String group, String stream, long timestamp, String message) {
        Stream s = streamOrCreate(group, stream, timestamp);
        add(s, timestamp, message, System.currentTimeMillis());
    }

    synchronized void add(Stream s, long timestamp, String message, long ingestion) {
        s.events.add(new Event(timestamp, message, ingestion, ++seq));
        s.storedBytes += message.length() + 26;
    }

    private Stream streamOrCreate(String group, String stream, long now) {
        Group g = groups.computeIfAbsent(group, n -> new Group(n, now));
        return g.streams.computeIfAbsent(stream, n -> new Stream(n, now));
    }

    /** All messages of a stream, oldest first; empty when the stream does not exist. For tests and tooling. */
    public synchronized List<String> messages(String group, String stream) {
        Group g = groups.get(group);
        Stream s = g == null ? null : g.streams.get(stream);
        List<String> out = new ArrayList<>();
        if (s != null) {
            s.events.forEach(e -> out.add(e.message()));
        }
        return out;
    }

    /** Replaces everything (used when state is loaded from the data folder). */
    public synchronized void restore(List<Group> loaded, long lastSeq) {
        groups.clear();
        loaded.forEach(g -> groups.put(g.name, g));
        seq = lastSeq;
    }

    public synchronized long lastSeq() {
        return seq;
    }

    public static Group newGroup(String name, long creationTime) {
        return new Group(name, creationTime);
    }

    public static Stream newStream(String name, long creationTime) {
        return new Stream(name, creationTime);
    }
}
