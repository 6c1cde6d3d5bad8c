package org.wdlbatch.emulator.efs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.AwsServiceException;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.http.ServiceApi;
import org.wdlbatch.emulator.http.Throttling;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * EFS on REST-JSON ({@code /2015-02-01/...}): DescribeFileSystems, DescribeAccessPoints and DescribeMountTargets
 * of the configured
 * world. Each access point carries the tag {@value #LOCAL_FOLDER_TAG} naming the local folder that stands for it.
 * Errors carry {@code x-amzn-ErrorType} and {@code {"ErrorCode", "Message"}} as EFS sends them.
 */
public final class EfsApi implements ServiceApi {

    /** Tag on every emulated access point: the local folder its root directory maps to. */
    public static final String LOCAL_FOLDER_TAG = "aws-emulator:local-folder";

    private final EmulatorConfig config;
    private final Map<String, Path> folders;
    private final Throttling throttling;
    private final long creationTime = System.currentTimeMillis() / 1000;

    public EfsApi(EmulatorConfig config, Map<String, Path> accessPointFolders, Throttling throttling) {
        this.config = config;
        this.folders = accessPointFolders;
        this.throttling = throttling;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        try {
            if (!throttling.admit(Throttling.EFS)) {
                throw new AwsServiceException(429, "ThrottlingException", "Rate exceeded");
            }
            if (!"GET".equals(request.method())) {
                throw new AwsServiceException(400, "BadRequest", request.method() + " " + request.path()
                        + " is not supported by aws-emulator (only DescribeFileSystems, DescribeAccessPoints and DescribeMountTargets)");
            }
            ObjectNode out;
            if (request.path().equals("/2015-02-01/file-systems")) {
                out = describeFileSystems(request.query());
            } else if (request.path().equals("/2015-02-01/access-points")) {
                out = describeAccessPoints(request.query());
            } else if (request.path().equals("/2015-02-01/mount-targets")) {
                out = describeMountTargets(request.query());
            } else {
                throw new AwsServiceException(400, "BadRequest", "Unknown EFS operation: " + request.path());
            }
            return ApiResponse.of(200, "application/json", Json.bytes(out));
        } catch (AwsServiceException e) {
            ObjectNode err = Json.object().put("ErrorCode", e.code()).put("Message", e.getMessage());
            return ApiResponse.of(e.status(), "application/json", Json.bytes(err)).withHeader("x-amzn-ErrorType", e.code());
        }
    }

    private ObjectNode describeFileSystems(Map<String, String> q) {
        String id = q.get("FileSystemId");
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("FileSystems");
        for (EmulatorConfig.FileSystem fs : config.fileSystems) {
            if (id != null && !id.equals(fs.id)) {
                continue;
            }
            if (q.containsKey("CreationToken") && !q.get("CreationToken").equals(fs.name)) {
                continue;
            }
            ObjectNode o = arr.addObject();
            o.put("OwnerId", config.accountId).put("CreationToken", fs.name).put("FileSystemId", fs.id)
                    .put("FileSystemArn", "arn:aws:elasticfilesystem:" + config.region + ":" + config.accountId
                            + ":file-system/" + fs.id)
                    .put("CreationTime", creationTime).put("LifeCycleState", "available").put("Name", fs.name)
                    .put("NumberOfMountTargets", fs.mountTargets).put("PerformanceMode", "generalPurpose").put("Encrypted", true)
                    .put("ThroughputMode", "elastic");
            o.putObject("SizeInBytes").put("Value", 6144).put("Timestamp", creationTime);
            o.putArray("Tags").addObject().put("Key", "Name").put("Value", fs.name);
        }
        if (id != null && arr.isEmpty()) {
            throw new AwsServiceException(404, "FileSystemNotFound", "File system '" + id + "' does not exist.");
        }
        return out;
    }

    private ObjectNode describeAccessPoints(Map<String, String> q) {
        String id = q.get("AccessPointId");
        String fsId = q.get("FileSystemId");
        if (id != null && fsId != null) {
            throw new AwsServiceException(400, "BadRequest", "You can specify either AccessPointId or FileSystemId, not both.");
        }
        if (fsId != null && config.fileSystems.stream().noneMatch(f -> f.id.equals(fsId))) {
            throw new AwsServiceException(404, "FileSystemNotFound", "File system '" + fsId + "' does not exist.");
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("AccessPoints");
        for (EmulatorConfig.AccessPoint ap : config.accessPoints) {
            if ((id != null && !id.equals(ap.id)) || (fsId != null && !fsId.equals(ap.fileSystemId))) {
                continue;
            }
            ObjectNode o = arr.addObject();
            o.put("ClientToken", ap.name).put("Name", ap.name).put("AccessPointId", ap.id)
                    .put("AccessPointArn", "arn:aws:elasticfilesystem:" + config.region + ":" + config.accountId
                            + ":access-point/" + ap.id)
                    .put("FileSystemId", ap.fileSystemId).put("OwnerId", config.accountId).put("LifeCycleState", "available");
            o.putObject("PosixUser").put("Uid", ap.uid).put("Gid", ap.gid);
            ObjectNode root = o.putObject("RootDirectory").put("Path", ap.rootDirectory);
            root.putObject("CreationInfo").put("OwnerUid", ap.uid).put("OwnerGid", ap.gid).put("Permissions", "0755");
            ArrayNode tags = o.putArray("Tags");
            tags.addObject().put("Key", "Name").put("Value", ap.name);
            tags.addObject().put("Key", LOCAL_FOLDER_TAG).put("Value", folders.get(ap.id).toString());
        }
        if (id != null && arr.isEmpty()) {
            throw new AwsServiceException(404, "AccessPointNotFound", "Access point '" + id + "' does not exist.");
        }
        return out;
    }

    /**
     * DescribeMountTargets: by file system, by access point (its file system's) or by mount target id; exactly one
     * of them. https://docs.aws.amazon.com/efs/latest/ug/API_DescribeMountTargets.html
     */
    private ObjectNode describeMountTargets(Map<String, String> q) {
        String fsId = q.get("FileSystemId");
        String apId = q.get("AccessPointId");
        String mtId = q.get("MountTargetId");
        long given = java.util.stream.Stream.of(fsId, apId, mtId).filter(v -> v != null).count();
        if (given != 1) {
            throw new AwsServiceException(400, "BadRequest",
                    "You must specify exactly one of FileSystemId, AccessPointId or MountTargetId.");
        }
        if (apId != null) {
            fsId = config.accessPoints.stream().filter(a -> a.id.equals(apId)).map(a -> a.fileSystemId).findFirst()
                    .orElseThrow(() -> new AwsServiceException(404, "AccessPointNotFound",
                            "Access point '" + apId + "' does not exist."));
        }
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("MountTargets");
        boolean fsFound = false;
        for (EmulatorConfig.FileSystem fs : config.fileSystems) {
            if (fsId != null && !fsId.equals(fs.id)) {
                continue;
            }
            fsFound = true;
            for (int i = 0; i < fs.mountTargets; i++) {
                String id = mountTargetId(fs, i);
                if (mtId != null && !mtId.equals(id)) {
                    continue;
                }
                String az = config.region + (char) ('a' + i % 6);
                arr.addObject().put("OwnerId", config.accountId).put("MountTargetId", id).put("FileSystemId", fs.id)
                        .put("SubnetId", "subnet-0emulator000000" + (i + 1)).put("LifeCycleState", "available")
                        .put("IpAddress", "10.0." + i + ".10").put("NetworkInterfaceId", "eni-0emulator00000" + i)
                        .put("AvailabilityZoneName", az).put("AvailabilityZoneId", "use1-az" + (i + 1))
                        .put("VpcId", "vpc-0emulator0000001");
            }
        }
        if (fsId != null && !fsFound) {
            throw new AwsServiceException(404, "FileSystemNotFound", "File system '" + fsId + "' does not exist.");
        }
        if (mtId != null && arr.isEmpty()) {
            throw new AwsServiceException(404, "MountTargetNotFound", "Mount target '" + mtId + "' does not exist.");
        }
        return out;
    }

    private static String mountTargetId(EmulatorConfig.FileSystem fs, int index) {
        return "fsmt-" + fs.id.substring("fs-".length()) + index;
    }
}
