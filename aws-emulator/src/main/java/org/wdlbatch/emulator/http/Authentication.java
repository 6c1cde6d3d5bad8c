package org.wdlbatch.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The signature check in front of every emulated service but S3 (S3Proxy checks its own) and the control API
 * (its own token): a request AWS would refuse for its signature gets AWS's error, in the service's protocol.
 * Errors: https://docs.aws.amazon.com/batch/latest/APIReference/CommonErrors.html,
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html.
 */
public final class Authentication {

    private final SigV4 sigV4;

    /** {@code secrets}: access key id to secret access key, the pairs whose signatures are accepted. */
    public Authentication(Map<String, String> secrets) {
        this.sigV4 = new SigV4(secrets);
    }

    /** Null when the request may go on; otherwise the refusal to send back. */
    public ApiResponse check(ServiceRouter.Service service, ApiRequest request) {
        if (service == ServiceRouter.Service.S3 || service == ServiceRouter.Service.CONTROL) {
            return null;
        }
        SigV4.Refusal refusal = sigV4.verify(request, true);
        if (refusal == null) {
            return null;
        }
        return switch (service) {
            case STS -> queryError(refusal);
            case LOGS, SAGEMAKER, ECR -> jsonError(400, refusal, true); // the JSON 1.1 services
            default -> jsonError(refusal.failure() == SigV4.Failure.INCOMPLETE ? 400 : 403, refusal, false);
        };
    }

    /** JSON protocols: the code in {@code x-amzn-ErrorType} (REST-JSON) and in {@code __type} (JSON 1.1). */
    private static ApiResponse jsonError(int status, SigV4.Refusal refusal, boolean typeInBody) {
        var body = Json.object();
        if (typeInBody) {
            body.put("__type", refusal.failure().code);
        }
        body.put("message", refusal.message());
        return ApiResponse.of(status, typeInBody ? "application/x-amz-json-1.1" : "application/json", Json.bytes(body))
                .withHeader("x-amzn-ErrorType", refusal.failure().code);
    }

    /** STS (query protocol) names the same failures its own way. */
    private static ApiResponse queryError(SigV4.Refusal refusal) {
        String code = switch (refusal.failure()) {
            case MISSING -> "MissingAuthenticationToken";
            case INCOMPLETE -> "IncompleteSignature";
            case UNKNOWN_KEY -> "InvalidClientTokenId";
            case MISMATCH -> "SignatureDoesNotMatch";
        };
        int status = refusal.failure() == SigV4.Failure.INCOMPLETE ? 400 : 403;
        String xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + refusal.message().replace("&", "&amp;").replace("<", "&lt;")
                + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return ApiResponse.of(status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
