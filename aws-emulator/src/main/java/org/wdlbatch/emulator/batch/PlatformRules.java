package org.wdlbatch.emulator.batch;

import static org.wdlbatch.emulator.batch.BatchValidation.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * The rules AWS Batch applies to what a job asks of its platform (EC2 or Fargate), beyond the API model:
 * checked at RegisterJobDefinition for the definition and at SubmitJob for the definition with the overrides, each
 * failing with ClientException as AWS does. Each rule cites the page that states it.
 */
final class PlatformRules {

    /**
     * Fargate's vCPU values and, for each, its memory values in MiB
     * (https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html, "value").
     */
    static final Map<BigDecimal, List<Integer>> FARGATE_SIZES = fargateSizes();

    private PlatformRules() {}

    private static Map<BigDecimal, List<Integer>> fargateSizes() {
        Map<BigDecimal, List<Integer>> m = new LinkedHashMap<>();
        m.put(new BigDecimal("0.25"), List.of(512, 1024, 2048));
        m.put(new BigDecimal("0.5"), range(1024, 4096, 1024));
        m.put(new BigDecimal("1"), range(2048, 8192, 1024));
        m.put(new BigDecimal("2"), range(4096, 16384, 1024));
        m.put(new BigDecimal("4"), range(8192, 30720, 1024));
        m.put(new BigDecimal("8"), range(16384, 61440, 4096));
        m.put(new BigDecimal("16"), range(32768, 122880, 8192));
        return m;
    }

    private static List<Integer> range(int from, int to, int step) {
        List<Integer> out = new ArrayList<>();
        for (int v = from; v <= to; v += step) out.add(v);
        return List.copyOf(out);
    }

    /** The memory values Fargate has for this many vCPUs, or null when it has no such size. */
    static List<Integer> fargateMemories(BigDecimal cpus) {
        for (Map.Entry<BigDecimal, List<Integer>> e : FARGATE_SIZES.entrySet()) {
            if (e.getKey().compareTo(cpus) == 0) return e.getValue();
        }
        return null;
    }

    static boolean isFargate(JsonNode def) {
        for (JsonNode c : def.path("platformCapabilities")) {
            if ("FARGATE".equals(c.asText())) return true;
        }
        return false;
    }

    /** RegisterJobDefinition: the definition on its own. */
    static void checkDefinition(JsonNode def) {
        JsonNode props = def.path("containerProperties");
        if (!props.isObject()) {
            return;
        }
        boolean fargate = isFargate(def);
        if (fargate && Json.text(props, "executionRoleArn") == null) {
            // https://docs.aws.amazon.com/batch/latest/APIReference/API_ContainerProperties.html (executionRoleArn):
            // "For jobs that run on Fargate resources, you must provide an execution role."
            throw client("Error executing request, Exception : Execution role is required for Fargate jobs: set "
                    + "containerProperties.executionRoleArn");
        }
        checkVolumes(props, fargate);
        checkResources(props.path("resourceRequirements"), fargate, "containerProperties.resourceRequirements");
        checkContainerExtras(props, fargate);
    }

    /** linuxParameters members Fargate refuses (https://docs.aws.amazon.com/batch/latest/userguide/fargate-job-definitions.html). */
    private static final List<String> FARGATE_NO_LINUX = List.of("devices", "maxSwap", "sharedMemorySize", "swappiness",
            "tmpfs");

    /**
     * Ulimit names (https://docs.aws.amazon.com/batch/latest/APIReference/API_Ulimit.html, "name").
     */
    private static final java.util.Set<String> ULIMITS = java.util.Set.of("core", "cpu", "data", "fsize", "locks",
            "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    /** ulimits, privileged, linuxParameters and ephemeralStorage against the platform. */
    private static void checkContainerExtras(JsonNode props, boolean fargate) {
        JsonNode ulimits = props.path("ulimits");
        if (!ulimits.isMissingNode() && !ulimits.isNull()) {
            // https://docs.aws.amazon.com/batch/latest/APIReference/API_Ulimit.html: "This object isn't applicable
            // to jobs that are running on Fargate resources."; name, softLimit and hardLimit are required
            if (fargate && ulimits.size() > 0) {
                throw client("Error executing request, Exception : ulimits are not supported for jobs that run on "
                        + "Fargate resources");
            }
            for (JsonNode u : ulimits) {
                String name = Json.text(u, "name");
                if (name == null || !ULIMITS.contains(name)) {
                    throw client("Error executing request, Exception : Invalid ulimit name '" + name + "': one of "
                            + new java.util.TreeSet<>(ULIMITS));
                }
                if (!u.path("softLimit").isIntegralNumber() || !u.path("hardLimit").isIntegralNumber()) {
                    throw client("Error executing request, Exception : ulimit '" + name + "' needs integer softLimit "
                            + "and hardLimit");
                }
            }
        }
        if (fargate && props.path("privileged").asBoolean(false)) {
            // fargate-job-definitions.html (privileged): "Either don't specify this parameter, or specify false."
            throw client("Error executing request, Exception : privileged containers are not supported for jobs that "
                    + "run on Fargate resources");
        }
        JsonNode linux = props.path("linuxParameters");
        for (String member : FARGATE_NO_LINUX) {
            if (fargate && linux.has(member) && !linux.get(member).isNull()) {
                // https://docs.aws.amazon.com/batch/latest/APIReference/API_LinuxParameters.html: "This parameter
                // isn't applicable to jobs that are running on Fargate resources. Don't provide it for these jobs."
                throw client("Error executing request, Exception : linuxParameters." + member + " is not supported "
                        + "for jobs that run on Fargate resources");
            }
        }
        JsonNode shm = linux.path("sharedMemorySize");
        if (!shm.isMissingNode() && !shm.isNull() && (!shm.isIntegralNumber() || shm.asLong() < 1)) {
            throw client("Error executing request, Exception : linuxParameters.sharedMemorySize must be a positive "
                    + "number of MiB, got " + shm);
        }
        JsonNode eph = props.path("ephemeralStorage");
        if (eph.isObject()) {
            // https://docs.aws.amazon.com/batch/latest/APIReference/API_EphemeralStorage.html: Fargate only,
            // sizeInGiB from 21 to 200
            if (!fargate) {
                throw client("Error executing request, Exception : ephemeralStorage is only supported for jobs that "
                        + "run on Fargate resources");
            }
            int gib = eph.path("sizeInGiB").asInt(-1);
            if (gib < 21 || gib > 200) {
                throw client("Error executing request, Exception : ephemeralStorage.sizeInGiB must be between 21 and "
                        + "200, got " + eph.path("sizeInGiB"));
            }
        }
    }

    /** SubmitJob: the definition's platform against the queue, and the resources the overrides make. */
    static void checkSubmission(JsonNode def, JsonNode overrides, List<EmulatorConfig.ComputeEnvironment> ces) {
        boolean fargate = isFargate(def);
        // https://docs.aws.amazon.com/batch/latest/userguide/fargate.html: a Fargate job definition runs only in
        // a queue of Fargate compute environments, an EC2 one only in EC2/Spot ones; SubmitJob refuses the rest
        boolean queueFargate = !ces.isEmpty() && ces.stream().allMatch(ce -> ce.type.startsWith("FARGATE"));
        boolean queueEc2 = !ces.isEmpty() && ces.stream().noneMatch(ce -> ce.type.startsWith("FARGATE"));
        if ((fargate && queueEc2) || (!fargate && queueFargate)) {
            throw client("Error executing request, Exception : Job Queue is attached to Compute Environment that can "
                    + "not run Jobs with capability " + (fargate ? "FARGATE" : "EC2"));
        }
        if (overrides != null && overrides.has("resourceRequirements")) {
            Map<String, JsonNode> merged = new LinkedHashMap<>();
            def.path("containerProperties").path("resourceRequirements").forEach(r -> merged.put(r.path("type").asText(), r));
            overrides.get("resourceRequirements").forEach(r -> merged.put(r.path("type").asText(), r));
            checkResources(Json.MAPPER.valueToTree(merged.values()), fargate, "containerOverrides.resourceRequirements");
        }
    }

    private static void checkResources(JsonNode reqs, boolean fargate, String where) {
        String vcpu = null;
        String memory = null;
        for (JsonNode r : reqs) {
            String type = r.path("type").asText();
            String value = r.path("value").asText();
            switch (type) {
                case "GPU" -> {
                    if (fargate) {
                        // https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html:
                        // "GPUs aren't available for jobs that are running on Fargate resources."
                        throw client("Error executing request, Exception : GPU resource requirements are not "
                                + "supported for jobs that run on Fargate resources (" + where + ")");
                    }
                    if (!value.matches("[1-9][0-9]*")) {
                        throw client("Error executing request, Exception : GPU value must be a whole number of GPUs, "
                                + "got '" + value + "' (" + where + ")");
                    }
                }
                case "VCPU" -> vcpu = value;
                case "MEMORY" -> memory = value;
                default -> { }
            }
        }
        BigDecimal cpus = null;
        if (vcpu != null) {
            try {
                cpus = new BigDecimal(vcpu).stripTrailingZeros();
            } catch (NumberFormatException e) {
                throw client("Error executing request, Exception : VCPU value '" + vcpu + "' is not a number (" + where + ")");
            }
            if (!fargate && (cpus.compareTo(BigDecimal.ONE) < 0 || cpus.scale() > 0)) {
                // https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html (VCPU): on EC2
                // the number of vCPUs reserved, at least one, in whole vCPUs (fractions are Fargate's)
                throw client("Error executing request, Exception : VCPU value '" + vcpu + "' is not valid for jobs "
                        + "that run on EC2 resources: give a whole number of vCPUs, at least 1 (" + where + ")");
            }
            if (fargate && fargateMemories(cpus) == null) {
                throw client("Error executing request, Exception : VCPU value '" + vcpu + "' is not valid for Fargate: "
                        + "one of 0.25, 0.5, 1, 2, 4, 8, 16 (" + where + ")");
            }
        }
        if (fargate && cpus != null && memory != null) {
            List<Integer> allowed = fargateMemories(cpus);
            Integer mib = memory.matches("[0-9]+") ? Integer.valueOf(memory) : null;
            if (mib == null || !allowed.contains(mib)) {
                throw client("Error executing request, Exception : Fargate resource requirements VCPU " + vcpu
                        + " with MEMORY " + memory + " are not supported: with " + vcpu + " vCPU, MEMORY is one of "
                        + allowed + " MiB (" + where + ")");
            }
        }
    }

    private static void checkVolumes(JsonNode props, boolean fargate) {
        List<String> names = new ArrayList<>();
        boolean efs = false;
        for (JsonNode v : props.path("volumes")) {
            names.add(v.path("name").asText());
            JsonNode e = v.path("efsVolumeConfiguration");
            if (!e.isObject()) {
                continue;
            }
            efs = true;
            boolean transit = "ENABLED".equals(Json.text(e, "transitEncryption"));
            JsonNode auth = e.path("authorizationConfig");
            boolean accessPoint = Json.text(auth, "accessPointId") != null;
            if ((accessPoint || "ENABLED".equals(Json.text(auth, "iam"))) && !transit) {
                // https://docs.aws.amazon.com/batch/latest/APIReference/API_EFSAuthorizationConfig.html: "If an access
                // point is used, transit encryption must be enabled"; the same for IAM authorization
                throw client("Error executing request, Exception : Transit encryption must be enabled in the EFS "
                        + "volume configuration of volume '" + v.path("name").asText() + "' when an access point or IAM "
                        + "authorization is used");
            }
            String root = Json.text(e, "rootDirectory");
            if (accessPoint && root != null && !root.equals("/")) {
                // https://docs.aws.amazon.com/batch/latest/APIReference/API_EFSVolumeConfiguration.html: "If an EFS
                // access point is specified in the authorizationConfig, the root directory parameter must either be
                // omitted or set to /"
                throw client("Error executing request, Exception : The root directory of volume '"
                        + v.path("name").asText() + "' must be omitted or '/' when an EFS access point is used, not '"
                        + root + "'");
            }
        }
        String platformVersion = Json.text(props.path("fargatePlatformConfiguration"), "platformVersion");
        if (fargate && efs && platformVersion != null && !platformVersion.equals("LATEST")
                && compareVersions(platformVersion, "1.4.0") < 0) {
            // https://docs.aws.amazon.com/batch/latest/userguide/efs-volumes.html: EFS on Fargate needs platform
            // version 1.4.0 or later
            throw client("Error executing request, Exception : Amazon EFS volumes need Fargate platform version 1.4.0 "
                    + "or later (or LATEST), not " + platformVersion);
        }
        for (JsonNode m : props.path("mountPoints")) {
            String source = Json.text(m, "sourceVolume");
            if (source != null && !names.contains(source)) {
                // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MountPoint.html (sourceVolume): "Must
                // be a volume name referenced in the name parameter of task definition volume."
                throw client("Error executing request, Exception : Mount point sourceVolume '" + source + "' is not "
                        + "one of the job definition's volumes " + names);
            }
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length && x[i].matches("\\d+") ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length && y[i].matches("\\d+") ? Integer.parseInt(y[i]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }
}
