package org.wdlbatch.emulator.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.AwsServiceException;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.http.ServiceApi;
import org.wdlbatch.emulator.http.ServiceRouter;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * The two SageMaker calls Studio detection makes, on the JSON 1.1 protocol ({@code POST /} with
 * {@code X-Amz-Target: SageMaker.<Operation>}): DescribeDomain and DescribeUserProfile of the configured world.
 * Errors are HTTP 400 with {@code {"__type": code, "Message": ...}}, e.g. SageMaker's {@code ResourceNotFound} (not
 * {@code ...Exception}) and {@code ValidationException}.
 *
 * <p>Signatures are not checked here any more than for the other services, but the credential scope must name
 * {@code sagemaker}: a client signing for the wrong service is refused as AWS refuses it, so a test through this API
 * shows the request was signed for SageMaker.
 */
public final class SageMakerApi implements ServiceApi {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "SageMaker.";
    private static final String SIGNING_NAME = "sagemaker";

    private final EmulatorConfig config;
    private final long creationTime = System.currentTimeMillis() / 1000;

    public SageMakerApi(EmulatorConfig config) {
        this.config = config;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        try {
            checkScope(request);
            String target = request.header("X-Amz-Target");
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new AwsServiceException(400, "UnknownOperationException", "Missing or unknown X-Amz-Target: "
                        + target);
            }
            String op = target.substring(TARGET_PREFIX.length());
            ObjectNode in = Json.parseObject(request.body(), "SerializationException");
            JsonNode out;
            switch (op) {
                case "DescribeDomain": out = describeDomain(in); break;
                case "DescribeUserProfile": out = describeUserProfile(in); break;
                default:
                    throw new AwsServiceException(400, "UnknownOperationException", "Operation " + op
                            + " is not supported by aws-emulator (only DescribeDomain and DescribeUserProfile)");
            }
            return ApiResponse.of(200, CONTENT_TYPE, Json.bytes(out));
        } catch (AwsServiceException e) {
            ObjectNode err = Json.object().put("__type", e.code()).put("Message", e.getMessage());
            return ApiResponse.of(e.status(), CONTENT_TYPE, Json.bytes(err)).withHeader("x-amzn-ErrorType", e.code());
        }
    }

    /** Unsigned requests pass (as for every emulated service); signed ones must be scoped to sagemaker. */
    private static void checkScope(ApiRequest request) {
        String scope = ServiceRouter.signingService(request.header("Authorization"), request.rawQuery());
        if (scope != null && !scope.equals(SIGNING_NAME)) {
            throw new AwsServiceException(403, "InvalidSignatureException",
                    "Credential should be scoped to correct service: '" + SIGNING_NAME + "'. ");
        }
    }

    private JsonNode describeDomain(JsonNode in) {
        String id = required(in, "DomainId", "domainId", EmulatorConfig.DOMAIN_ID_PATTERN);
        EmulatorConfig.SageMakerDomain d = domain(id);
        ObjectNode out = Json.object();
        out.put("DomainArn", arn("domain/" + d.id)).put("DomainId", d.id).put("DomainName", d.name)
                .put("HomeEfsFileSystemId", d.homeEfsFileSystemId).put("Status", d.status)
                .put("CreationTime", creationTime).put("LastModifiedTime", creationTime).put("AuthMode", "IAM")
                .put("AppNetworkAccessType", "PublicInternetOnly");
        return out;
    }

    private JsonNode describeUserProfile(JsonNode in) {
        String domainId = required(in, "DomainId", "domainId", EmulatorConfig.DOMAIN_ID_PATTERN);
        String name = required(in, "UserProfileName", "userProfileName", EmulatorConfig.USER_PROFILE_NAME_PATTERN);
        EmulatorConfig.SageMakerDomain d = domain(domainId);
        // "This value is not case sensitive" (API reference of DescribeUserProfile)
        EmulatorConfig.SageMakerUserProfile u = config.sageMakerUserProfiles.stream()
                .filter(p -> p.domainId.equals(d.id) && p.name.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new AwsServiceException(400, "ResourceNotFound", "User profile '" + name
                        + "' does not exist in domain '" + d.id + "'"));
        ObjectNode out = Json.object();
        out.put("DomainId", u.domainId).put("UserProfileArn", arn("user-profile/" + u.domainId + "/" + u.name))
                .put("UserProfileName", u.name).put("HomeEfsFileSystemUid", u.homeEfsFileSystemUid)
                .put("Status", u.status).put("CreationTime", creationTime).put("LastModifiedTime", creationTime);
        return out;
    }

    private EmulatorConfig.SageMakerDomain domain(String id) {
        return config.sageMakerDomains.stream().filter(d -> d.id.equals(id)).findFirst()
                .orElseThrow(() -> new AwsServiceException(400, "ResourceNotFound", "Domain '" + id
                        + "' does not exist (" + arn("domain/" + id) + ")"));
    }

    /** A member as the API validates it: present, then in its pattern; errors name the member as AWS does. */
    private static String required(JsonNode in, String field, String member, String pattern) {
        String v = Json.text(in, field);
        if (v == null) {
            throw new AwsServiceException(400, "ValidationException", "1 validation error detected: Value null at '"
                    + member + "' failed to satisfy constraint: Member must not be null");
        }
        if (!v.matches(pattern)) {
            throw new AwsServiceException(400, "ValidationException", "1 validation error detected: Value '" + v
                    + "' at '" + member + "' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: " + pattern);
        }
        return v;
    }

    private String arn(String resource) {
        return "arn:aws:sagemaker:" + config.region + ":" + config.accountId + ":" + resource;
    }
}
