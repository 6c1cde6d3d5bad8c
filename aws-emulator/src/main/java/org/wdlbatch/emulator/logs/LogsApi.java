package org.wdlbatch.emulator.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.AwsServiceException;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.http.ServiceApi;
import org.wdlbatch.emulator.http.Throttling;

/**
 * CloudWatch Logs on the JSON 1.1 protocol: {@code POST /} with {@code X-Amz-Target: Logs_20140328.<Operation>}.
 * Errors are HTTP 400 with {@code {"__type": code, "message": ...}}, which the SDK maps to its exception classes.
 */
public final class LogsApi implements ServiceApi {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final int MAX_EVENTS = 10_000;
    private static final int MAX_BATCH_BYTES = 1_048_576;
    private static final long MAX_PAGE_BYTES = 1_048_576;

    private final LogStore store;
    private final Throttling throttling;
    private final int emptyPageEvery;
    private final java.util.concurrent.atomic.AtomicLong pagesWithEvents = new java.util.concurrent.atomic.AtomicLong();
    private final String region;
    private final String account;

    public LogsApi(LogStore store, Throttling throttling, String region, String account) {
        this(store, throttling, region, account, 0);
    }

    /** {@code emptyPageEvery}: every Nth GetLogEvents read that has events to give answers empty instead; 0 never. */
    public LogsApi(LogStore store, Throttling throttling, String region, String account, int emptyPageEvery) {
        this.emptyPageEvery = emptyPageEvery;
        this.store = store;
        this.throttling = throttling;
        this.region = region;
        this.account = account;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        try {
            String target = request.header("X-Amz-Target");
            if (target == null || !target.startsWith("Logs_20140328.")) {
                throw new AwsServiceException(400, "UnknownOperationException", "Missing or unknown X-Amz-Target: " + target);
            }
            String op = target.substring("Logs_20140328.".length());
            String bucket = op.equals("FilterLogEvents") ? Throttling.FILTER_LOG_EVENTS
                    : op.equals("GetLogEvents") ? Throttling.GET_LOG_EVENTS : Throttling.LOGS;
            if (!throttling.admit(bucket)) {
                throw new AwsServiceException(400, "ThrottlingException", "Rate exceeded");
            }
            ObjectNode in = Json.parseObject(request.body(), "SerializationException");
            JsonNode out;
            switch (op) {
                case "CreateLogGroup": out = createLogGroup(in); break;
                case "DeleteLogGroup": out = deleteLogGroup(in); break;
                case "DescribeLogGroups": out = describeLogGroups(in); break;
                case "CreateLogStream": out = createLogStream(in); break;
                case "DescribeLogStreams": out = describeLogStreams(in); break;
                case "PutLogEvents": out = putLogEvents(in); break;
                case "GetLogEvents": out = getLogEvents(in); break;
                case "FilterLogEvents": out = filterLogEvents(in); break;
                default:
                    throw new AwsServiceException(400, "UnknownOperationException", "Operation " + op
                            + " is not supported by aws-emulator");
            }
            return ApiResponse.of(200, CONTENT_TYPE, Json.bytes(out));
        } catch (AwsServiceException e) {
            ObjectNode err = Json.object().put("__type", e.code()).put("message", e.getMessage());
            return ApiResponse.of(e.status(), CONTENT_TYPE, Json.bytes(err)).withHeader("x-amzn-ErrorType", e.code());
        }
    }

    private static String required(JsonNode in, String field) {
        String v = Json.text(in, field);
        if (v == null || v.isEmpty()) {
            throw new AwsServiceException(400, "InvalidParameterException", "Missing required parameter: " + field);
        }
        return v;
    }

    /** Group named by {@code logGroupName} or {@code logGroupIdentifier} (a name or an ARN). */
    private static String groupName(JsonNode in) {
        String name = Json.text(in, "logGroupName");
        String id = Json.text(in, "logGroupIdentifier");
        if (name != null && id != null) {
            throw new AwsServiceException(400, "InvalidParameterException",
                    "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (id != null) {
            int i = id.indexOf(":log-group:");
            name = i < 0 ? id : id.substring(i + ":log-group:".length());
            if (name.endsWith(":*")) {
                name = name.substring(0, name.length() - 2);
            }
        }
        if (name == null || name.isEmpty()) {
            throw new AwsServiceException(400, "InvalidParameterException",
                    "Either logGroupName or logGroupIdentifier must be given");
        }
        return name;
    }

    private LogStore.Group existingGroup(String name) {
        LogStore.Group g = store.group(name);
        if (g == null) {
            throw new AwsServiceException(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        return g;
    }

    private static LogStore.Stream existingStream(LogStore.Group g, String name) {
        LogStore.Stream s = g.streams.get(name);
        if (s == null) {
            throw new AwsServiceException(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }
        return s;
    }

    private String groupArn(String name) {
        return "arn:aws:logs:" + region + ":" + account + ":log-group:" + name;
    }

    private JsonNode createLogGroup(JsonNode in) {
        String name = required(in, "logGroupName");
        if (!name.matches("[\\.\\-_/#A-Za-z0-9]{1,512}")) {
            throw new AwsServiceException(400, "InvalidParameterException", "1 validation error detected: Value '" + name
                    + "' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
        if (!store.createGroup(name, System.currentTimeMillis())) {
            throw new AwsServiceException(400, "ResourceAlreadyExistsException", "The specified log group already exists");
        }
        return Json.object();
    }

    private JsonNode deleteLogGroup(JsonNode in) {
        String name = required(in, "logGroupName");
        synchronized (store) {
            existingGroup(name);
            List<LogStore.Group> keep = new ArrayList<>(store.groups());
            keep.removeIf(g -> g.name.equals(name));
            store.restore(keep, store.lastSeq());
        }
        return Json.object();
    }

    private JsonNode describeLogGroups(JsonNode in) {
        String prefix = Json.text(in, "logGroupNamePrefix");
        int limit = in.path("limit").asInt(50);
        int start = decodeOffset(Json.text(in, "nextToken"));
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("logGroups");
        synchronized (store) {
            List<LogStore.Group> all = store.groups();
            all.removeIf(g -> prefix != null && !g.name.startsWith(prefix));
            int end = Math.min(all.size(), start + limit);
            for (int i = start; i < end; i++) {
                LogStore.Group g = all.get(i);
                long bytes = g.streams.values().stream().mapToLong(s -> s.storedBytes).sum();
                arr.addObject().put("logGroupName", g.name).put("creationTime", g.creationTime)
                        .put("arn", groupArn(g.name) + ":*").put("logGroupArn", groupArn(g.name))
                        .put("storedBytes", bytes).put("metricFilterCount", 0).put("logGroupClass", "STANDARD");
            }
            if (end < all.size()) {
                out.put("nextToken", encodeOffset(end));
            }
        }
        return out;
    }

    private JsonNode createLogStream(JsonNode in) {
        String group = required(in, "logGroupName");
        String stream = required(in, "logStreamName");
        if (stream.contains(":") || stream.contains("*")) {
            throw new AwsServiceException(400, "InvalidParameterException",
                    "Log stream name must not contain ':' or '*': " + stream);
        }
        synchronized (store) {
            existingGroup(group);
            if (!store.createStream(group, stream, System.currentTimeMillis(), false)) {
                throw new AwsServiceException(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
            }
        }
        return Json.object();
    }

    private JsonNode describeLogStreams(JsonNode in) {
        String group = groupName(in);
        String prefix = Json.text(in, "logStreamNamePrefix");
        String orderBy = Json.text(in, "orderBy");
        boolean descending = in.path("descending").asBoolean(false);
        int limit = in.path("limit").asInt(50);
        if (limit < 1 || limit > 50) {
            throw new AwsServiceException(400, "InvalidParameterException", "limit must be between 1 and 50");
        }
        if ("LastEventTime".equals(orderBy) && prefix != null) {
            throw new AwsServiceException(400, "InvalidParameterException",
                    "Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        int start = decodeOffset(Json.text(in, "nextToken"));
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("logStreams");
        synchronized (store) {
            LogStore.Group g = existingGroup(group);
            List<LogStore.Stream> all = new ArrayList<>(g.streams.values());
            all.removeIf(s -> prefix != null && !s.name.startsWith(prefix));
            if ("LastEventTime".equals(orderBy)) {
                all.sort(Comparator.comparingLong(LogsApi::lastEventTime));
            }
            if (descending) {
                java.util.Collections.reverse(all);
            }
            int end = Math.min(all.size(), start + limit);
            for (int i = start; i < end; i++) {
                LogStore.Stream s = all.get(i);
                ObjectNode o = arr.addObject().put("logStreamName", s.name).put("creationTime", s.creationTime)
                        .put("arn", groupArn(group) + ":log-stream:" + s.name).put("storedBytes", s.storedBytes);
                if (!s.events.isEmpty()) {
                    o.put("firstEventTimestamp", s.events.get(0).timestamp());
                    o.put("lastEventTimestamp", lastEventTime(s));
                    o.put("lastIngestionTime", s.events.get(s.events.size() - 1).ingestionTime());
                }
            }
            if (end < all.size()) {
                out.put("nextToken", encodeOffset(end));
            }
        }
        return out;
    }

    private static long lastEventTime(LogStore.Stream s) {
        return s.events.isEmpty() ? s.creationTime : s.events.get(s.events.size() - 1).timestamp();
    }

    private JsonNode putLogEvents(JsonNode in) {
        String group = required(in, "logGroupName");
        String stream = required(in, "logStreamName");
        JsonNode events = in.path("logEvents");
        if (!events.isArray() || events.size() == 0) {
            throw new AwsServiceException(400, "InvalidParameterException",
                    "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        if (events.size() > MAX_EVENTS) {
            throw new AwsServiceException(400, "InvalidParameterException",
                    "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000");
        }
        long bytes = 0;
        long previous = Long.MIN_VALUE;
        for (JsonNode e : events) {
            if (!e.has("timestamp") || !e.has("message")) {
                throw new AwsServiceException(400, "InvalidParameterException",
                        "Each log event needs 'timestamp' and 'message'");
            }
            long ts = e.get("timestamp").asLong();
            if (ts < previous) {
                throw new AwsServiceException(400, "InvalidParameterException",
                        "Log events in a single PutLogEvents request must be in chronological order.");
            }
            previous = ts;
            bytes += e.get("message").asText().getBytes(StandardCharsets.UTF_8).length + 26;
        }
        if (bytes > MAX_BATCH_BYTES) {
            throw new AwsServiceException(400, "InvalidParameterException",
                    "Upload too large: " + bytes + " bytes exceeds limit of " + MAX_BATCH_BYTES);
        }
        long now = System.currentTimeMillis();
        long tooOld = now - 14L * 24 * 3600 * 1000;
        long tooNew = now + 2L * 3600 * 1000;
        int tooOldEnd = -1;
        int tooNewStart = -1;
        synchronized (store) {
            LogStore.Stream s = existingStream(existingGroup(group), stream);
            int i = 0;
            for (JsonNode e : events) {
                long ts = e.get("timestamp").asLong();
                if (ts < tooOld) {
                    tooOldEnd = i + 1;
                } else if (ts > tooNew) {
                    if (tooNewStart < 0) {
                        tooNewStart = i;
                    }
                } else {
                    store.add(s, ts, e.get("message").asText(), now);
                }
                i++;
            }
        }
        ObjectNode out = Json.object().put("nextSequenceToken", String.format("%056d", now));
        if (tooOldEnd >= 0 || tooNewStart >= 0) {
            ObjectNode rej = out.putObject("rejectedLogEventsInfo");
            if (tooOldEnd >= 0) rej.put("tooOldLogEventEndIndex", tooOldEnd);
            if (tooNewStart >= 0) rej.put("tooNewLogEventStartIndex", tooNewStart);
        }
        return out;
    }

    /**
     * Tokens are positions in the stream: {@code f/N} reads forward from event N, {@code b/N} reads backward
     * from just before event N. At the end, the forward token comes back unchanged, as in AWS.
     */
    private JsonNode getLogEvents(JsonNode in) {
        String group = groupName(in);
        String streamName = required(in, "logStreamName");
        Long startTime = in.hasNonNull("startTime") ? in.get("startTime").asLong() : null;
        Long endTime = in.hasNonNull("endTime") ? in.get("endTime").asLong() : null;
        int limit = in.path("limit").asInt(MAX_EVENTS);
        if (limit < 1 || limit > MAX_EVENTS) {
            throw new AwsServiceException(400, "InvalidParameterException", "limit must be between 1 and 10000");
        }
        String token = Json.text(in, "nextToken");
        boolean fromHead = in.path("startFromHead").asBoolean(false);
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("events");
        synchronized (store) {
            LogStore.Stream s = existingStream(existingGroup(group), streamName);
            List<LogStore.Event> ev = s.events;
            int first;
            int end;
            boolean forward;
            if (token != null) {
                if (!token.matches("[fb]/\\d+(/\\d+)?")) {
                    throw new AwsServiceException(400, "InvalidParameterException", "The specified nextToken is invalid.");
                }
                forward = token.startsWith("f/");
                String[] parts = token.split("/");
                int pos = (int) Math.min(ev.size(), Long.parseLong(parts[1]));
                first = forward ? pos : 0;
                end = forward ? ev.size() : pos;
            } else {
                forward = fromHead;
                first = 0;
                end = ev.size();
            }
            List<Integer> picked = new ArrayList<>();
            long bytes = 0;
            if (forward) {
                for (int i = first; i < end && picked.size() < limit; i++) {
                    if (inRange(ev.get(i), startTime, endTime)) {
                        bytes += ev.get(i).message().length() + 26;
                        if (bytes > MAX_PAGE_BYTES && !picked.isEmpty()) break;
                        picked.add(i);
                    }
                }
            } else {
                for (int i = end - 1; i >= first && picked.size() < limit; i--) {
                    if (inRange(ev.get(i), startTime, endTime)) {
                        bytes += ev.get(i).message().length() + 26;
                        if (bytes > MAX_PAGE_BYTES && !picked.isEmpty()) break;
                        picked.add(0, i);
                    }
                }
            }
            if (token != null && forward && !picked.isEmpty() && emptyPageEvery > 0
                    && pagesWithEvents.incrementAndGet() % emptyPageEvery == 0) {
                // "This operation can return empty results while there are more log events available through the
                // token." (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html):
                // an empty page mid-stream, whose forward token differs from the one sent (same position), so only a
                // client that stops at an unchanged token, not at an empty page, reads on
                String[] parts = token.split("/");
                long generation = parts.length > 2 ? Long.parseLong(parts[2]) + 1 : 1;
                out.put("nextForwardToken", String.format("f/%056d/%d", first, generation));
                out.put("nextBackwardToken", String.format("b/%056d", first));
                return out;
            }
            for (int i : picked) {
                LogStore.Event e = ev.get(i);
                arr.addObject().put("timestamp", e.timestamp()).put("message", e.message())
                        .put("ingestionTime", e.ingestionTime());
            }
            int lo = picked.isEmpty() ? (forward ? first : end) : picked.get(0);
            int hi = picked.isEmpty() ? (forward ? first : end) : picked.get(picked.size() - 1) + 1;
            if (forward && picked.isEmpty()) {
                lo = hi = first;
            }
            out.put("nextForwardToken", String.format("f/%056d", hi));
            out.put("nextBackwardToken", String.format("b/%056d", lo));
        }
        return out;
    }

    private static boolean inRange(LogStore.Event e, Long startTime, Long endTime) {
        return (startTime == null || e.timestamp() >= startTime) && (endTime == null || e.timestamp() < endTime);
    }

    /** Events of several streams merged by time; the token is the (timestamp, seq) of the last event returned. */
    private JsonNode filterLogEvents(JsonNode in) {
        String group = groupName(in);
        List<String> names = Json.strings(in, "logStreamNames");
        String prefix = Json.text(in, "logStreamNamePrefix");
        if (!names.isEmpty() && prefix != null) {
            throw new AwsServiceException(400, "InvalidParameterException",
                    "logStreamNames and logStreamNamePrefix are mutually exclusive");
        }
        Long startTime = in.hasNonNull("startTime") ? in.get("startTime").asLong() : null;
        Long endTime = in.hasNonNull("endTime") ? in.get("endTime").asLong() : null;
        int limit = in.path("limit").asInt(MAX_EVENTS);
        if (limit < 1 || limit > MAX_EVENTS) {
            throw new AwsServiceException(400, "InvalidParameterException", "limit must be between 1 and 10000");
        }
        FilterPattern pattern = FilterPattern.parse(Json.text(in, "filterPattern"));
        long[] after = decodeFilterToken(Json.text(in, "nextToken"));
        record Hit(String stream, LogStore.Event event) {}
        List<Hit> hits = new ArrayList<>();
        ObjectNode out = Json.object();
        ArrayNode searched = Json.array();
        synchronized (store) {
            LogStore.Group g = existingGroup(group);
            for (LogStore.Stream s : g.streams.values()) {
                if ((!names.isEmpty() && !names.contains(s.name)) || (prefix != null && !s.name.startsWith(prefix))) {
                    continue;
                }
                searched.addObject().put("logStreamName", s.name).put("searchedCompletely", true);
                for (LogStore.Event e : s.events) {
                    if (inRange(e, startTime, endTime) && afterToken(e, after) && pattern.matches(e.message())) {
                        hits.add(new Hit(s.name, e));
                    }
                }
            }
        }
        hits.sort(Comparator.comparingLong((Hit h) -> h.event().timestamp()).thenComparingLong(h -> h.event().seq()));
        ArrayNode arr = out.putArray("events");
        int n = Math.min(limit, hits.size());
        for (int i = 0; i < n; i++) {
            Hit h = hits.get(i);
            arr.addObject().put("logStreamName", h.stream()).put("timestamp", h.event().timestamp())
                    .put("message", h.event().message()).put("ingestionTime", h.event().ingestionTime())
                    .put("eventId", String.format("%020d", h.event().seq()));
        }
        out.set("searchedLogStreams", searched);
        if (n < hits.size()) {
            LogStore.Event last = hits.get(n - 1).event();
            out.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.timestamp() + ":" + last.seq()).getBytes(StandardCharsets.US_ASCII)));
        }
        return out;
    }

    private static boolean afterToken(LogStore.Event e, long[] after) {
        if (after == null) {
            return true;
        }
        return e.timestamp() > after[0] || (e.timestamp() == after[0] && e.seq() > after[1]);
    }

    private static long[] decodeFilterToken(String token) {
        if (token == null) {
            return null;
        }
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":");
            return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
        } catch (RuntimeException e) {
            throw new AwsServiceException(400, "InvalidParameterException", "The specified nextToken is invalid.");
        }
    }

    private static String encodeOffset(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.US_ASCII));
    }

    private static int decodeOffset(String token) {
        if (token == null) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            return Integer.parseInt(s.substring(1));
        } catch (RuntimeException e) {
            throw new AwsServiceException(400, "InvalidParameterException", "The specified nextToken is invalid.");
        }
    }
}
