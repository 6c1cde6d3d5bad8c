package org.wdlbatch.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.http.ServiceApi;

/**
 * Emulator-only endpoints under {@code /_emulator/} so that tests driving a standalone emulator (another process)
 * can inspect it and switch faults: {@code GET /_emulator/health}; {@code POST /_emulator/faults/reclaim-spot}
 * {@code {"jobId"}}; {@code POST /_emulator/faults/throttle} {@code {"bucket","perSecond"}} or
 * {@code {"preset":"aws"|"none"}}; {@code POST /_emulator/faults/missing-image} {@code {"image"}};
 * {@code POST /_emulator/faults/random-throttling} {@code {"fraction","seed"}} (fraction 0 lifts it);
 * {@code POST /_emulator/faults/lagging-list-jobs} {@code {"answers"}} (0 lifts it).
 */
final class ControlApi implements ServiceApi {

    private final AwsEmulator emulator;

    ControlApi(AwsEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public ApiResponse handle(ApiRequest r) {
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
