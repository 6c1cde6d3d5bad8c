package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [aws] container_properties}: what a user adds to the task job definitions, merged into what the backend
 * sets rather than replacing it. Our EFS volume and its mount point at {@code [file_io] root} are always there
 * (without them a task would not see its task directory on AWS); the user's {@code volumes} and
 * {@code mountPoints} are added after them. Every other member the user gives is set as given.
 *
 * <p>Members the backend owns ({@link #OWNED}) are refused, each with what decides it instead (as miniwdl-aws
 * refuses to let its {@code container_properties} replace what it sets).
 */
final class TaskContainerProperties {

    /**
     * Member → why it is ours. {@code image}, {@code command}: the task's container and the wrapper that runs the
     * task directory's command (replacing it would run nothing of the task). {@code resourceRequirements},
     * {@code vcpus}, {@code memory}: every job sets vCPUs, memory and GPUs from the task's runtime section, so a
     * definition value would never take effect, and Batch refuses the old {@code vcpus}/{@code memory} together
     * with {@code resourceRequirements}. {@code jobRoleArn}, {@code repositoryCredentials}: each has its own key,
     * one place to set it. The Fargate-only members: task job definitions are EC2 ones, and Batch refuses these
     * members there.
     */
    static final Map<String, String> OWNED = owned();

    private static Map<String, String> owned() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("image", "the task's runtime container (or [aws] default_image) decides it");
        m.put("command", "the wrapper that runs the task directory's command is the job's command");
        m.put("resourceRequirements", "each job asks for the task's runtime cpu, memory and GPUs");
        m.put("vcpus", "each job asks for the task's runtime cpu");
        m.put("memory", "each job asks for the task's runtime memory");
        m.put("jobRoleArn", "set [aws] task_job_role instead");
        m.put("repositoryCredentials", "set [aws] repository_credentials instead");
        m.put("fargatePlatformConfiguration", "a Fargate setting; task job definitions are EC2 ones");
        m.put("networkConfiguration", "a Fargate setting; task job definitions are EC2 ones");
        m.put("runtimePlatform", "a Fargate setting; task job definitions are EC2 ones");
        m.put("ephemeralStorage", "a Fargate setting; task job definitions are EC2 ones");
        return Map.copyOf(m);
    }

    private TaskContainerProperties() {}

    /**
     * Checks the user's object before anything is submitted: no owned member, {@code volumes} and
     * {@code mountPoints} arrays that do not take our volume's name or our mount path.
     */
    static void check(ObjectNode user, Path root) {
        if (user == null) {
            return;
        }
        List<String> refused = new ArrayList<>();
        user.fieldNames().forEachRemaining(k -> {
            if (OWNED.containsKey(k)) {
                refused.add(k + " (" + OWNED.get(k) + ")");
            }
        });
        if (!refused.isEmpty()) {
            throw new BatchConfigException("[aws] container_properties sets " + String.join(", ", refused)
                    + ": wdlbatch sets " + (refused.size() == 1 ? "this member" : "these members")
                    + " itself; remove " + (refused.size() == 1 ? "it" : "them") + " from [aws] container_properties");
        }
        for (String list : new String[] {"volumes", "mountPoints"}) {
            JsonNode v = user.get(list);
            if (v != null && !v.isArray()) {
                throw new BatchConfigException("[aws] container_properties: " + list + " must be a JSON array; its"
                        + " entries are added to wdlbatch's own");
            }
        }
        for (JsonNode v : user.path("volumes")) {
            if (JobShapes.VOLUME.equals(v.path("name").asText())) {
                throw new BatchConfigException("[aws] container_properties: volume name \"" + JobShapes.VOLUME
                        + "\" is wdlbatch's shared file system volume; give your volume another name");
            }
        }
        for (JsonNode v : user.path("volumes")) {
            // EFS through an access point needs transit encryption and the access point's own root: Batch refuses
            // the volume otherwise (https://docs.aws.amazon.com/batch/latest/APIReference/API_EFSVolumeConfiguration.html)
            JsonNode efs = v.path("efsVolumeConfiguration");
            if (efs.path("authorizationConfig").hasNonNull("accessPointId")) {
                String name = v.path("name").asText();
                if (!"ENABLED".equals(efs.path("transitEncryption").asText())) {
                    throw new BatchConfigException("[aws] container_properties: volume \"" + name + "\" mounts EFS"
                            + " through an access point, which needs \"transitEncryption\": \"ENABLED\"");
                }
                String rootDirectory = efs.path("rootDirectory").asText("/");
                if (!rootDirectory.isEmpty() && !rootDirectory.equals("/")) {
                    throw new BatchConfigException("[aws] container_properties: volume \"" + name + "\" mounts EFS"
                            + " through an access point, so its rootDirectory must be omitted (the access point's"
                            + " root is used), not " + rootDirectory);
                }
            }
        }
        for (JsonNode m : user.path("mountPoints")) {
            String path = m.path("containerPath").asText();
            if (!path.isEmpty() && Path.of(path).normalize().equals(root.normalize())) {
                throw new BatchConfigException("[aws] container_properties: mount point " + path + " is where"
                        + " wdlbatch mounts the shared file system ([file_io] root); mount your volume elsewhere");
            }
        }
    }

    /** Our properties with the user's merged in: list members appended to ours, the others set. */
    static ObjectNode merge(ObjectNode ours, ObjectNode user) {
        ObjectNode out = ours.deepCopy();
        if (user == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if ((k.equals("volumes") || k.equals("mountPoints")) && out.get(k) instanceof ArrayNode mine) {
                e.getValue().forEach(n -> mine.add(n.deepCopy()));
            } else {
                out.set(k, e.getValue().deepCopy());
            }
        }
        return out;
    }

    /**
     * The properties with a task's own members ({@link CromwellRuntime#definition}) applied: its ulimits replace
     * those of the same name, its linuxParameters members are set, other members set as given.
     */
    static ObjectNode withTask(ObjectNode props, ObjectNode task) {
        if (task.isEmpty()) {
            return props;
        }
        ObjectNode out = props.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = task.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("ulimits") && out.get("ulimits") instanceof ArrayNode mine) {
                Map<String, JsonNode> byName = new LinkedHashMap<>();
                mine.forEach(u -> byName.put(u.path("name").asText(), u));
                e.getValue().forEach(u -> byName.put(u.path("name").asText(), u.deepCopy()));
                ArrayNode merged = out.putArray("ulimits");
                byName.values().forEach(merged::add);
            } else if (e.getKey().equals("linuxParameters") && out.get("linuxParameters") instanceof ObjectNode mine) {
                mine.setAll((ObjectNode) e.getValue().deepCopy());
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }
}
