package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.logs.LogStore;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * Turns a job attempt into a local process: which program (the orchestrator image runs this build's
 * {@code wdlbatch}; other images run their command on the host, or in docker/podman where present and holding
 * the image), with which environment (the host's, the container's, Batch's {@code AWS_BATCH_*} variables, and the
 * emulator's endpoint), and where its output goes ({@code /aws/batch/job}, stream {@code <jobdef>/default/<task id>}).
 */
public final class JobLauncher {

    /** Why an attempt could not start, in AWS's words. */
    public record Failure(String reason, String statusReason, Integer exitCode) {

        public Failure(String reason, String statusReason) {
            this(reason, statusReason, null);
        }
    }

    /** What AWS reports when a container is killed for going over its memory. */
    public static final String OUT_OF_MEMORY = "OutOfMemoryError: Container killed due to memory usage";

    /** Everything needed to start an attempt, computed under the state lock. */
    public record Prepared(List<String> argv, Map<String, String> env, Path cwd, String logStreamName, String taskArn,
            String containerInstanceArn, Failure failure) {}

    private final EmulatorConfig config;
    private final LogStore logs;
    private final URI endpoint;
    private final Path workRoot;
    private final Set<String> missingImages;
    private final Map<String, Integer> memoryNeeds;
    private final String containerEngine;
    /** false in {@code auto} mode: the engine then runs only images it already has (see {@link #inContainer}). */
    private final boolean pullsImages;
    private final Map<String, Boolean> localImages = new java.util.concurrent.ConcurrentHashMap<>();

    public JobLauncher(EmulatorConfig config, LogStore logs, URI endpoint, Path workRoot, Set<String> missingImages) {
        this(config, logs, endpoint, workRoot, missingImages, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** @param memoryNeeds image -> MiB its jobs need; jobs given less are killed as out of memory (exit 137) */
    public JobLauncher(EmulatorConfig config, LogStore logs, URI endpoint, Path workRoot, Set<String> missingImages,
            Map<String, Integer> memoryNeeds) {
        this.memoryNeeds = memoryNeeds;
        this.config = config;
        this.logs = logs;
        this.endpoint = endpoint;
        this.workRoot = workRoot;
        this.missingImages = missingImages;
        this.containerEngine = findContainerEngine(config.runner.containerEngine);
        this.pullsImages = !"auto".equals(config.runner.containerEngine);
    }

    /**
     * Whether a job of this image runs in the container engine. In {@code auto} mode only when the engine has
     * the image already: a machine with podman installed but no registry in reach (CI, an offline laptop) would
     * otherwise fail every job of {@code ubuntu:22.04} with a pull error, where the host's bash runs them fine.
     * An engine named explicitly is used for every image, pulling as needed.
     */
    private boolean inContainer(String image) {
        if (containerEngine == null) {
            return false;
        }
        return pullsImages || localImages.computeIfAbsent(image, i -> hasImage(containerEngine, i));
    }

    private static boolean hasImage(String engine, String image) {
        return exitsZero(30, engine, "image", "inspect", image);
    }


    Prepared prepare(Job j) {
        if (j.failAtStart != null) {
            return failed(null, j.failAtStart);
        }
        String image = j.container.path("image").asText("");
        if (missingImages.contains(image)) {
            String reason = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref "
                    + image + ": not found";
            return failed(reason, "Task failed to start");
        }
        Integer need = memoryNeeds.get(image);
        if (need != null && memoryMiB(j) < need) {
            return new Prepared(List.of(), Map.of(), null, null, null, null,
                    new Failure(OUT_OF_MEMORY, JobScheduler.ESSENTIAL_EXITED, 137));
        }
        int overrides = overridesSize(j);
        if (overrides > BatchValidation.CONTAINER_OVERRIDES_LIMIT) {
            return failed(null, "Container Overrides length must be at most " + BatchValidation.CONTAINER_OVERRIDES_LIMIT);
        }
        List<String> command = substitute(Json.strings(j.container, "command"), j.parameters);
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        // the job talks to this emulator, whatever the host's AWS settings say
        // and signs with a key pair it accepts (on AWS the job's role gives the credentials)
        env.keySet().removeIf(k -> k.startsWith("AWS_ENDPOINT_URL") || k.equals("AWS_PROFILE")
                || k.equals("AWS_SESSION_TOKEN"));
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_REGION", config.region);
        env.put("AWS_DEFAULT_REGION", config.region);
        env.put("AWS_ACCESS_KEY_ID", config.credentials.get(0).accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", config.credentials.get(0).secretAccessKey);
        Map<String, String> containerEnv = containerEnvironment(j);
        env.putAll(containerEnv);
        String taskId = UUID.randomUUID().toString().replace("-", "");
        String jobDefName = j.jobDefinitionName;
        String stream = jobDefName + "/default/" + taskId;
        List<String> argv = argv(j, image, command, containerEnv);
        if (argv.isEmpty()) {
            return failed("CannotStartContainerError: no command in the job definition or containerOverrides",
                    "Task failed to start");
        }
        Path cwd = workRoot.resolve(j.id.replace(':', '_')).resolve("attempt-" + j.attemptNumber());
        try {
            Files.createDirectories(cwd);
        } catch (IOException e) {
            return failed("CannotStartContainerError: " + e, "Task failed to start");
        }
        String cluster = "arn:aws:ecs:" + config.region + ":" + config.accountId;
        return new Prepared(argv, env, cwd, stream, cluster + ":task/" + j.queueName + "/" + taskId,
                cluster + ":container-instance/" + j.queueName + "/" + taskId.substring(0, 16), null);
    }

    /** The job's memory in MiB: MEMORY resource requirement, else the legacy {@code memory} field. */
    private static int memoryMiB(Job j) {
        for (JsonNode r : j.container.path("resourceRequirements")) {
            if ("MEMORY".equals(r.path("type").asText())) {
                return r.path("value").asInt(0);
            }
        }
        return j.container.path("memory").asInt(0);
    }

    private static Prepared failed(String reason, String statusReason) {
        return new Prepared(List.of(), Map.of(), null, null, null, null, new Failure(reason, statusReason));
    }

    /** The Batch variables and the container's environment, which is what the container would see. */
    private Map<String, String> containerEnvironment(Job j) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode kv : j.container.path("environment")) {
            env.put(kv.path("name").asText(), kv.path("value").asText(""));
        }
        env.putAll(batchVariables(j));
        return env;
    }

    private Map<String, String> batchVariables(Job j) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_BATCH_JOB_ID", j.id);
        env.put("AWS_BATCH_JQ_NAME", j.queueName);
        env.put("AWS_BATCH_JOB_ATTEMPT", Integer.toString(j.attemptNumber()));
        EmulatorConfig.Queue q = config.queue(j.queueName);
        if (q != null && !q.computeEnvironments.isEmpty()) {
            env.put("AWS_BATCH_CE_NAME", q.computeEnvironments.get(0));
        }
        if (j.arrayIndex != null) {
            env.put("AWS_BATCH_JOB_ARRAY_INDEX", Integer.toString(j.arrayIndex));
        }
        return env;
    }

    /**
     * ECS counts the overrides Batch sends it (command and environment, Batch's variables included) against
     * 8,192 characters; this counts the same JSON.
     */
    private int overridesSize(Job j) {
        ObjectNode o = Json.object().put("name", "default");
        ArrayNode cmd = o.putArray("command");
        Json.strings(j.container, "command").forEach(cmd::add);
        ArrayNode env = o.putArray("environment");
        for (JsonNode kv : j.containerOverrides.path("environment")) {
            env.add(kv);
        }
        batchVariables(j).forEach((k, v) -> env.addObject().put("name", k).put("value", v));
        return Json.bytes(o).length;
    }

    /** Replaces {@code Ref::name} arguments with the job's parameters, as Batch does. */
    static List<String> substitute(List<String> command, Map<String, String> parameters) {
        List<String> out = new ArrayList<>();
        for (String arg : command) {
            if (arg.startsWith("Ref::") && parameters.containsKey(arg.substring(5))) {
                out.add(parameters.get(arg.substring(5)));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    private List<String> argv(Job j, String image, List<String> command, Map<String, String> containerEnv) {
        if (image.toLowerCase(Locale.ROOT).contains(config.runner.orchestratorImagePattern.toLowerCase(Locale.ROOT))) {
            List<String> out = new ArrayList<>(orchestratorCommand());
            List<String> args = command;
            if (!args.isEmpty() && Path.of(args.get(0)).getFileName().toString().equals("wdlbatch")) {
                args = args.subList(1, args.size());
            }
            out.addAll(args);
            return out;
        }
        if (!command.isEmpty() && inContainer(image)) {
            List<String> out = new ArrayList<>(List.of(containerEngine, "run", "--rm", "--name", "awsemu-"
                    + j.id.replace(':', '-')));
            containerEnv.forEach((k, v) -> {
                out.add("-e");
                out.add(k + "=" + v);
            });
            for (JsonNode mp : j.container.path("mountPoints")) {
                String path = mp.path("containerPath").asText();
                if (!path.isEmpty()) {
                    out.add("-v");
                    out.add(path + ":" + path);
                }
            }
            out.add(image);
            out.addAll(command);
            return out;
        }
        return command;
    }

    List<String> orchestratorCommand() {
        if (!config.runner.orchestratorCommand.isEmpty()) {
            return config.runner.orchestratorCommand;
        }
        return List.of(repoRoot().resolve("bin").resolve("wdlbatch").toString());
    }

    private Path repoRoot() {
        if (config.runner.repoRoot != null) {
            return Path.of(config.runner.repoRoot);
        }
        String prop = System.getProperty("wdlbatch.repoRoot");
        if (prop != null) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("bin").resolve("wdlbatch"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    JobProcess start(Prepared p) throws IOException {
        String stream = p.logStreamName();
        return JobProcess.start(p.argv(), p.env(), p.cwd(),
                line -> logs.append(AwsNames.BATCH_LOG_GROUP, stream, System.currentTimeMillis(), line));
    }

    private static String findContainerEngine(String setting) {
        if ("none".equals(setting)) {
            return null;
        }
        List<String> candidates = "auto".equals(setting) ? List.of("docker", "podman") : List.of(setting);
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String c : candidates) {
            for (String dir : path.split(":")) {
                Path exe = dir.isEmpty() ? null : Path.of(dir, c);
                if (exe != null && Files.isExecutable(exe) && (!"auto".equals(setting) || answers(exe))) {
                    return exe.toString();
                }
            }
        }
        return null;
    }

    /** A docker or podman client without a reachable daemon is no container engine. */
    private static boolean answers(Path engine) {
        return exitsZero(10, engine.toString(), "info");
    }

    /** Runs a short command (output discarded); true if it ends with status 0 within {@code seconds}. */
    private static boolean exitsZero(int seconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
