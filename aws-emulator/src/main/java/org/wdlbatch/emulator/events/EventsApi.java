package org.wdlbatch.emulator.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.AwsServiceException;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.http.ServiceApi;

/**
 * Amazon EventBridge on the JSON 1.1 protocol ({@code X-Amz-Target: AWSEvents.<Operation>}): CreateEventBus and
 * PutEvents, enough for run notifications. Accepted events are kept in {@link EventBuses} (the control API shows
 * them); no rule routes them anywhere.
 */
public final class EventsApi implements ServiceApi {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "AWSEvents.";
    /**
     * Event bus names: 1-256 characters of {@code [/\.\-_A-Za-z0-9]}; "default" is AWS's own
     * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html).
     */
    private static final Pattern BUS_NAME = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}");
    /** "Entries: ... Array Members: Minimum number of 1 item. Maximum number of 10 items." */
    static final int MAX_ENTRIES = 10;
    /** The total size of a PutEvents request's entries: at most 256 KB. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    private final EventBuses buses;
    private final String region;
    private final String account;

    public EventsApi(EventBuses buses, String region, String account) {
        this.buses = buses;
        this.region = region;
        this.account = account;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        try {
            String target = request.header("X-Amz-Target");
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new AwsServiceException(400, "UnknownOperationException", "Missing or unknown X-Amz-Target: "
                        + target);
            }
            ObjectNode in = Json.parseObject(request.body(), "ValidationException");
            JsonNode out = switch (target.substring(TARGET_PREFIX.length())) {
                case "CreateEventBus" -> createEventBus(in);
                case "PutEvents" -> putEvents(in, request.body().length);
                default -> throw new AwsServiceException(400, "UnknownOperationException", "aws-emulator does not"
                        + " implement " + target + " (only CreateEventBus and PutEvents)");
            };
            return ApiResponse.of(200, CONTENT_TYPE, Json.bytes(out));
        } catch (AwsServiceException e) {
            ObjectNode err = Json.object().put("__type", e.code()).put("message", e.getMessage());
            return ApiResponse.of(e.status(), CONTENT_TYPE, Json.bytes(err)).withHeader("x-amzn-ErrorType", e.code());
        }
    }

    /** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html */
    private JsonNode createEventBus(ObjectNode in) {
        String name = Json.text(in, "Name");
        if (name == null || !BUS_NAME.matcher(name).matches() || name.equals("default")) {
            throw new AwsServiceException(400, "ValidationException", "1 validation error detected: Value '" + name
                    + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " [/\\.\\-_A-Za-z0-9]+ (and not be \"default\")");
        }
        if (!buses.create(name)) {
            throw new AwsServiceException(400, "ResourceAlreadyExistsException", "Event bus " + name
                    + " already exists.");
        }
        return Json.object().put("EventBusArn", arn(name));
    }

    /**
     * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html: 1 to 10 entries, 256 KB in
     * all; an entry needs Source, DetailType and a Detail that is a JSON object, else it fails on its own
     * (FailedEntryCount, ErrorCode) while the others are accepted. An entry for a bus that does not exist is
     * accepted as AWS accepts it (https://github.com/aws/aws-cli/issues/9186): the event is lost there, so it is
     * kept here marked {@code busExists: false}.
     */
    private JsonNode putEvents(ObjectNode in, int bytes) {
        JsonNode entries = in.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new AwsServiceException(400, "ValidationException", "1 validation error detected: Value at"
                    + " 'entries' failed to satisfy constraint: Member must have length between 1 and " + MAX_ENTRIES);
        }
        if (bytes > MAX_REQUEST_BYTES) {
            throw new AwsServiceException(400, "ValidationException", "Total size of the entries in the request is"
                    + " over the limit.");
        }
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("Entries");
        int failed = 0;
        for (JsonNode e : entries) {
            String source = Json.text(e, "Source");
            String detailType = Json.text(e, "DetailType");
            String detail = Json.text(e, "Detail");
            String problem = null;
            if (source == null || source.isEmpty()) {
                problem = "Parameter Source is not valid. Reason: Source is a required argument.";
            } else if (detailType == null || detailType.isEmpty()) {
                problem = "Parameter DetailType is not valid. Reason: DetailType is a required argument.";
            } else if (detail == null || detail.isEmpty()) {
                problem = "Parameter Detail is not valid. Reason: Detail is a required argument.";
            }
            if (problem != null) {
                results.addObject().put("ErrorCode", "InvalidArgument").put("ErrorMessage", problem);
                failed++;
                continue;
            }
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(detail.getBytes(StandardCharsets.UTF_8));
            } catch (Exception ex) {
                parsed = null;
            }
            if (parsed == null || !parsed.isObject()) {
                results.addObject().put("ErrorCode", "MalformedDetail").put("ErrorMessage", "Detail is malformed.");
                failed++;
                continue;
            }
            String bus = busName(Json.text(e, "EventBusName"));
            String id = UUID.randomUUID().toString();
            buses.add(new EventBuses.Event(id, bus, source, detailType, detail, buses.exists(bus),
                    System.currentTimeMillis()));
            results.addObject().put("EventId", id);
        }
        out.put("FailedEntryCount", failed);
        return out;
    }

    /** The bus name of an entry's EventBusName (a name or an ARN; none is the default bus). */
    private static String busName(String given) {
        if (given == null || given.isEmpty()) {
            return "default";
        }
        int slash = given.startsWith("arn:") ? given.indexOf(":event-bus/") : -1;
        return slash >= 0 ? given.substring(slash + ":event-bus/".length()) : given;
    }

    private String arn(String name) {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name;
    }
}
