package org.wdlbatch.emulator.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.AwsServiceException;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.http.ServiceApi;
import org.wdlbatch.emulator.http.Throttling;

/**
 * Amazon ECR on the JSON 1.1 protocol: {@code POST /} with
 * {@code X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>}, signing name {@code ecr}. Serves what
 * an account check needs (DescribeRepositories, DescribeImages, GetAuthorizationToken) and PutImage, the last
 * step of a push, so a tag can move to a new digest as when a team pushes a new build under {@code :prod}. Errors are HTTP 400 with
 * {@code {"__type": code, "message": ...}} (RepositoryNotFoundException, ImageNotFoundException,
 * InvalidParameterException), as ECR sends them.
 * API reference: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Operations.html
 */
public final class EcrApi implements ServiceApi {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
    /** Request-rate bucket of {@link Throttling} for every ECR operation. */
    public static final String THROTTLING_BUCKET = "ecr";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** repositoryName: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html */
    private static final Pattern REPOSITORY_NAME =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");

    private final EcrRegistry registry;
    private final Throttling throttling;
    private final String region;
    private final String account;

    public EcrApi(EcrRegistry registry, Throttling throttling, String region, String account) {
        this.registry = registry;
        this.throttling = throttling;
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
            if (!throttling.admit(THROTTLING_BUCKET)) {
                throw new AwsServiceException(400, "ThrottlingException", "Rate exceeded");
            }
            String op = target.substring(TARGET_PREFIX.length());
            ObjectNode in = Json.parseObject(request.body(), "SerializationException");
            JsonNode out;
            switch (op) {
                case "DescribeRepositories": out = describeRepositories(in); break;
                case "DescribeImages": out = describeImages(in); break;
                case "GetAuthorizationToken": out = getAuthorizationToken(); break;
                case "PutImage": out = putImage(in); break;
                default:
                    throw new AwsServiceException(400, "UnknownOperationException", "Operation " + op
                            + " is not supported by aws-emulator (DescribeRepositories, DescribeImages,"
                            + " GetAuthorizationToken, PutImage)");
            }
            return ApiResponse.of(200, CONTENT_TYPE, Json.bytes(out));
        } catch (AwsServiceException e) {
            ObjectNode err = Json.object().put("__type", e.code()).put("message", e.getMessage());
            return ApiResponse.of(e.status(), CONTENT_TYPE, Json.bytes(err)).withHeader("x-amzn-ErrorType", e.code());
        }
    }

    /** https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeRepositories.html */
    private JsonNode describeRepositories(ObjectNode in) {
        String registryId = registryId(in);
        List<String> names = Json.strings(in, "repositoryNames");
        if (in.has("repositoryNames") && (names.isEmpty() || names.size() > 100)) {
            throw invalid("repositoryNames must hold 1 to 100 names");
        }
        if (!names.isEmpty() && in.has("maxResults")) {
            // "This option cannot be used when you specify repositories with repositoryNames."
            throw invalid("maxResults cannot be used with repositoryNames");
        }
        List<EcrRegistry.Repository> found = new ArrayList<>();
        if (names.isEmpty()) {
            found.addAll(registry.repositories());
        } else {
            for (String n : names) {
                EcrRegistry.Repository r = registryId.equals(account) ? registry.repository(n) : null;
                if (r == null) {
                    throw repositoryNotFound(n, registryId);
                }
                found.add(r);
            }
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("repositories");
        for (EcrRegistry.Repository r : found) {
            ObjectNode o = arr.addObject().put("repositoryArn", "arn:aws:ecr:" + region + ":" + account
                    + ":repository/" + r.name()).put("registryId", account).put("repositoryName", r.name())
                    .put("repositoryUri", account + ".dkr.ecr." + region + ".amazonaws.com/" + r.name())
                    .put("createdAt", r.createdAt()).put("imageTagMutability", "MUTABLE");
            o.putObject("imageScanningConfiguration").put("scanOnPush", false);
            o.putObject("encryptionConfiguration").put("encryptionType", "AES256");
        }
        return out;
    }

    /** https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html */
    private JsonNode describeImages(ObjectNode in) {
        String registryId = registryId(in);
        String name = repositoryName(in);
        JsonNode ids = in.get("imageIds");
        if (ids != null && (!ids.isArray() || ids.isEmpty() || ids.size() > 100)) {
            throw invalid("imageIds must hold 1 to 100 image ids");
        }
        if (ids != null && in.has("maxResults")) {
            // "This parameter cannot be used when you specify images with imageIds."
            throw invalid("maxResults cannot be used with imageIds");
        }
        EcrRegistry.Repository repo = registryId.equals(account) ? registry.repository(name) : null;
        if (repo == null) {
            throw repositoryNotFound(name, registryId);
        }
        List<EcrRegistry.Image> found = new ArrayList<>();
        if (ids == null) {
            found.addAll(repo.images());
        } else {
            for (JsonNode id : ids) {
                String tag = Json.text(id, "imageTag");
                String digest = Json.text(id, "imageDigest");
                if (tag == null && digest == null) {
                    throw invalid("an imageId needs imageTag or imageDigest");
                }
                EcrRegistry.Image hit = repo.images().stream()
                        .filter(i -> (tag == null || i.tags().contains(tag)) && (digest == null
                                || i.digest().equals(digest))).findFirst().orElse(null);
                if (hit == null) {
                    throw new AwsServiceException(400, "ImageNotFoundException", "The image with imageId {imageDigest:'"
                            + digest + "', imageTag:'" + tag + "'} does not exist within the repository with name '"
                            + name + "' in the registry with id '" + registryId + "'");
                }
                found.add(hit);
            }
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("imageDetails");
        for (EcrRegistry.Image i : found) {
            ObjectNode o = arr.addObject().put("registryId", account).put("repositoryName", name)
                    .put("imageDigest", i.digest()).put("imageSizeInBytes", 104_857_600L)
                    .put("imagePushedAt", i.pushedAt())
                    .put("imageManifestMediaType", "application/vnd.oci.image.manifest.v1+json")
                    .put("artifactMediaType", "application/vnd.oci.image.config.v1+json");
            ArrayNode tags = o.putArray("imageTags");
            i.tags().forEach(tags::add);
        }
        return out;
    }

    /**
     * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html: imageManifest is required (1 to
     * 4,194,304 characters), imageTag 1 to 300; the image's digest is the SHA-256 of the manifest; pushing an image
     * that is already there under that tag is ImageAlreadyExistsException. (An imageDigest in the request must match
     * the manifest's, else InvalidParameterException.)
     */
    private JsonNode putImage(ObjectNode in) {
        String registryId = registryId(in);
        String name = repositoryName(in);
        String manifest = Json.text(in, "imageManifest");
        if (manifest == null || manifest.isEmpty() || manifest.length() > 4_194_304) {
            throw invalid("imageManifest is required and holds 1 to 4194304 characters");
        }
        String tag = Json.text(in, "imageTag");
        if (tag != null && (tag.isEmpty() || tag.length() > 300)) {
            throw invalid("imageTag must hold 1 to 300 characters");
        }
        if (!registryId.equals(account) || registry.repository(name) == null) {
            throw repositoryNotFound(name, registryId);
        }
        String digest = EcrRegistry.digestOf(manifest);
        String given = Json.text(in, "imageDigest");
        if (given != null && !given.equals(digest)) {
            throw invalid("imageDigest " + given + " does not match the manifest's digest " + digest);
        }
        if (registry.put(name, digest, tag) == EcrRegistry.PutResult.ALREADY_THERE) {
            throw new AwsServiceException(400, "ImageAlreadyExistsException", "Image with digest '" + digest
                    + "' and tag '" + tag + "' already exists in the repository with name '" + name
                    + "' in registry with id '" + registryId + "'");
        }
        ObjectNode out = Json.object();
        ObjectNode image = out.putObject("image").put("registryId", account).put("repositoryName", name)
                .put("imageManifest", manifest);
        String mediaType = Json.text(in, "imageManifestMediaType");
        if (mediaType != null) {
            image.put("imageManifestMediaType", mediaType);
        }
        ObjectNode id = image.putObject("imageId").put("imageDigest", digest);
        if (tag != null) {
            id.put("imageTag", tag);
        }
        return out;
    }

    /** https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html */
    private JsonNode getAuthorizationToken() {
        ObjectNode out = Json.object();
        String token = Base64.getEncoder().encodeToString("AWS:aws-emulator".getBytes(StandardCharsets.UTF_8));
        out.putArray("authorizationData").addObject().put("authorizationToken", token)
                .put("expiresAt", System.currentTimeMillis() / 1000 + 12 * 3600)
                .put("proxyEndpoint", "https://" + account + ".dkr.ecr." + region + ".amazonaws.com");
        return out;
    }

    /** The request's repositoryName: 2 to 256 characters of the documented pattern (InvalidParameterException). */
    private static String repositoryName(JsonNode in) {
        String name = Json.text(in, "repositoryName");
        if (name == null || name.length() < 2 || name.length() > 256 || !REPOSITORY_NAME.matcher(name).matches()) {
            throw invalid("Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular"
                    + " expression '" + REPOSITORY_NAME.pattern() + "''");
        }
        return name;
    }

    /** The registry a request names; the caller's own account when it names none. */
    private String registryId(JsonNode in) {
        String id = Json.text(in, "registryId");
        if (id == null) {
            return account;
        }
        if (!REGISTRY_ID.matcher(id).matches()) {
            throw invalid("Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular"
                    + " expression '[0-9]{12}''");
        }
        return id;
    }

    private static AwsServiceException repositoryNotFound(String name, String registryId) {
        return new AwsServiceException(400, "RepositoryNotFoundException", "The repository with name '" + name
                + "' does not exist in the registry with id '" + registryId + "'");
    }

    private static AwsServiceException invalid(String message) {
        return new AwsServiceException(400, "InvalidParameterException", message);
    }
}
