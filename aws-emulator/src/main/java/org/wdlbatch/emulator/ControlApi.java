package org.wdlbatch.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.http.ServiceApi;

/**
 * Emulator-only endpoints (not AWS, so no AWS rule applies; guarded because they drive the machine running the
 * emulator): every request carries the per-start token in {@value #TOKEN_HEADER} and, when it has a body,
 * {@code Content-Type: application/json}, so that neither another local user nor a web page (whose cross-origin
 * "simple" requests can only be text/plain, form or multipart, and cannot set headers) can use them.
 * Endpoints under {@code /_emulator/} so that tests driving a standalone emulator (another process)
 * can inspect it and switch faults: {@code GET /_emulator/health}; {@code POST /_emulator/faults/reclaim-spot}
 * {@code {"jobId"}}; {@code POST /_emulator/faults/throttle} {@code {"bucket","perSecond"}} or
 * {@code {"preset":"aws"|"none"}}; {@code POST /_emulator/faults/missing-image} {@code {"image"}};
 * {@code POST /_emulator/faults/random-throttling} {@code {"fraction","seed"}} (fraction 0 lifts it);
 * {@code POST /_emulator/faults/lagging-list-jobs} {@code {"answers"}} (0 lifts it);
 * {@code GET /_emulator/sns/messages} and {@code GET /_emulator/events/entries}: what was published to SNS and put
 * on EventBridge.
 */
final class ControlApi implements ServiceApi {

    /** The header that carries {@link AwsEmulator#controlToken()}. */
    public static final String TOKEN_HEADER = "X-Emulator-Token";

    private final AwsEmulator emulator;

    ControlApi(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
        String token = r.header(TOKEN_HEADER);
        if (token == null || !java.security.MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                emulator.controlToken().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return answer(403, Json.object().put("message", (token == null ? "missing " : "wrong ") + TOKEN_HEADER
                    + " header: the control API needs the token aws-emulator printed at start"));
        }
        String contentType = r.header("Content-Type");
        boolean json = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).trim()
                .matches("application/json\\s*(;.*)?");
        if ((r.body().length > 0 || "POST".equals(r.method())) && !json) {
            return answer(415, Json.object().put("message", "the control API accepts only Content-Type: "
                    + "application/json, not " + contentType));
        }
        ObjectNode in;
        try {
            in = Json.parseObject(r.body(), "BadRequest");
        } catch (RuntimeException e) {
            return answer(400, Json.object().put("message", e.getMessage()));
        }
        switch (r.path()) {
            case "/_emulator/health":
                return answer(200, Json.object().put("endpoint", emulator.endpoint().toString())
                        .put("region", emulator.region()).put("dataDir", emulator.dataDir().toString())
                        .put("efsFolder", emulator.efsFolder().toString()));
            case "/_emulator/faults/reclaim-spot":
                return answer(200, Json.object().put("reclaimed", emulator.faults().reclaimSpot(Json.text(in, "jobId"))));
            case "/_emulator/faults/throttle":
                if ("aws".equals(Json.text(in, "preset"))) {
                    emulator.faults().awsThrottling();
                } else if ("none".equals(Json.text(in, "preset"))) {
                    emulator.faults().noThrottling();
                } else if (in.has("bucket")) {
                    emulator.faults().throttle(Json.text(in, "bucket"), in.path("perSecond").asDouble(0));
                } else {
                    return answer(400, Json.object().put("message", "give {\"preset\":\"aws\"|\"none\"} or "
                            + "{\"bucket\":...,\"perSecond\":...}"));
                }
                return answer(200, Json.object());
            case "/_emulator/faults/missing-image":
                emulator.faults().missingImage(Json.text(in, "image"));
                return answer(200, Json.object());
            case "/_emulator/faults/random-throttling":
                try {
                    emulator.faults().randomThrottling(in.path("fraction").asDouble(0), in.path("seed").asLong(0));
                } catch (IllegalArgumentException e) {
                    return answer(400, Json.object().put("message", e.getMessage()));
                }
                return answer(200, Json.object().put("refusedSoFar", emulator.faults().randomlyThrottled()));
            case "/_emulator/sns/messages":
                return answer(200, emulator.sns().toJson());
            case "/_emulator/events/entries":
                return answer(200, emulator.events().toJson());
            case "/_emulator/faults/lagging-list-jobs":
                emulator.faults().laggingListJobs(in.path("answers").asInt(0));
                return answer(200, Json.object().put("omittedSoFar", emulator.faults().listJobsOmitted()));
            default:
                return answer(404, Json.object().put("message", "unknown control endpoint " + r.path()));
        }
    }

    private static ApiResponse answer(int status, ObjectNode body) {
        return ApiResponse.of(status, "application/json", Json.bytes(body));
    }
}
