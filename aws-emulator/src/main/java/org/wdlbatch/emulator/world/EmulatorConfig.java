package org.wdlbatch.emulator.world;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;

/**
 * Everything that shapes an emulator: its port and data folder, the world (queues, compute environments,
 * EFS file systems and access points), how jobs run, and the speed of its clock. Read from a JSON file
 * ({@code --config FILE}); any field left out keeps its default, and {@link #defaults()} is the default world.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class EmulatorConfig {

    /** Port on 127.0.0.1; 0 picks a free one. */
    public int port = 0;
    /** Folder for state that survives restarts ({@code efs/}, {@code s3/}, {@code state/}); null keeps all in memory. */
    public String dataDir;
    public String region = "us-east-1";
    public String accountId = "123456789012";

    /**
     * How often the job state machine moves jobs along. AWS takes seconds; tests want milliseconds; 0 means only
     * when {@code AwsEmulator.tick()} is called.
     */
    public long tickMillis = 200;
    /**
     * Time between SIGTERM and SIGKILL when a job is stopped (TerminateJob, timeout, spot reclaim); below 0 (the
     * default): AWS's 30 s scaled like attempt timeouts, {@code 30 * timeoutMillisPerSecond}.
     */
    public long killGraceMillis = -1;
    /** Wall-clock milliseconds per second of {@code attemptDurationSeconds}; 1000 is real time. */
    public long timeoutMillisPerSecond = 1000;

    public List<ComputeEnvironment> computeEnvironments = new ArrayList<>();
    public List<Queue> queues = new ArrayList<>();
    public List<FileSystem> fileSystems = new ArrayList<>();
    public List<AccessPoint> accessPoints = new ArrayList<>();
    /** ECR repositories of the account and their image tags (ecr package: what {@code --check} looks up). */
    public List<EcrRepositoryConfig> ecrRepositories = new ArrayList<>();
    /** SNS topic names and EventBridge bus names that exist from the start (run notifications). */
    public List<String> snsTopics = new ArrayList<>();
    public List<String> eventBuses = new ArrayList<>();
    public List<SageMakerDomain> sageMakerDomains = new ArrayList<>();
    public List<SageMakerUserProfile> sageMakerUserProfiles = new ArrayList<>();
    public Runner runner = new Runner();
    public Faults faults = new Faults();
    /**
     * The key pairs whose SigV4 signatures the emulator accepts, on every service (S3 included); a request
     * signed with anything else is refused as AWS refuses it. By default {@code test}/{@code test} (what
     * LocalStack users have configured) and {@code emulator}/{@code emulator}.
     */
    public List<Credential> credentials = new ArrayList<>(List.of(new Credential("emulator", "emulator"),
            new Credential("test", "test")));
    /** The control API's token ({@code X-Emulator-Token}); null makes a new random one at every start. */
    public String controlToken;
    public Strict strict = new Strict();

    /** An access key id and its secret access key. */
    public static final class Credential {
        public String accessKeyId;
        public String secretAccessKey;

        public Credential() {}

        public Credential(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
        }
    }

    /** Behaviours of AWS that clients must cope with, on by default. */
    public static final class Strict {
        /**
         * Every Nth GetLogEvents call that has more events to give answers with an empty page and a new token
         * instead, as CloudWatch Logs may; 0 never does.
         */
        public int emptyLogPageEvery = 3;
    }

    /** A Batch compute environment; {@code type} is FARGATE, FARGATE_SPOT, EC2 or SPOT. */
    public static final class ComputeEnvironment {
        public String name;
        public String type = "EC2";
        public int maxvCpus = 256;
        public Map<String, String> tags = new LinkedHashMap<>();
        /**
         * EC2/SPOT only: the instance types the environment may launch ({@code optimal} is AWS's default of
         * m/c/r families, no GPU). A job whose needs no type can meet stays RUNNABLE, as in AWS.
         */
        public List<String> instanceTypes = new ArrayList<>(List.of("optimal"));
        /** GPUs of the largest instance type above; 0 means none (the default for m/c/r and optimal). */
        public int maxGpusPerInstance = 0;
        /** vCPUs and MiB of the largest instance type above (m5.24xlarge's by default). */
        public int maxVcpusPerInstance = 96;
        public int maxMemoryMiBPerInstance = 393_216;

        public ComputeEnvironment() {}

        public ComputeEnvironment(String name, String type) {
            this.name = name;
            this.type = type;
        }
    }

    /** A Batch job queue; {@code capacity} is how many of its jobs may be STARTING or RUNNING at once. */
    public static final class Queue {
        public String name;
        public int priority = 1;
        public String state = "ENABLED";
        public List<String> computeEnvironments = new ArrayList<>();
        public int capacity = 8;
        public Map<String, String> tags = new LinkedHashMap<>();
        /** What to do with a job stuck at the head of the queue with a given reason (AWS's JobStateTimeLimitAction). */
        public List<JobStateTimeLimitAction> jobStateTimeLimitActions = new ArrayList<>();

        public Queue() {}

        public Queue(String name, String computeEnvironment, int capacity) {
            this.name = name;
            this.computeEnvironments.add(computeEnvironment);
            this.capacity = capacity;
        }
    }

    /**
     * A queue's action on jobs RUNNABLE for {@code maxTimeSeconds} (600 to 86400, on the clock of
     * {@code timeoutMillisPerSecond}) with a statusReason starting with {@code reason}: CANCEL, the only action
     * (https://docs.aws.amazon.com/batch/latest/APIReference/API_JobStateTimeLimitAction.html).
     */
    public static final class JobStateTimeLimitAction {
        public String reason;
        public String state = "RUNNABLE";
        public int maxTimeSeconds = 600;
        public String action = "CANCEL";

        public JobStateTimeLimitAction() {}

        public JobStateTimeLimitAction(String reason, int maxTimeSeconds) {
            this.reason = reason;
            this.maxTimeSeconds = maxTimeSeconds;
        }
    }

    public static final class FileSystem {
        public String id;
        public String name;
        /** How many mount targets it has (one per subnet); 0 is a file system nothing can mount. */
        public int mountTargets = 1;

        public FileSystem() {}

        public FileSystem(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /**
     * An EFS access point and the local folder that stands for its root directory. A relative or missing
     * {@code folder} lives under the data folder ({@code efs} for the first access point).
     */
    public static final class AccessPoint {
        public String id;
        public String fileSystemId;
        public String name;
        public String rootDirectory = "/wdlbatch";
        public int uid = 1000;
        public int gid = 1000;
        public String folder;

        public AccessPoint() {}

        public AccessPoint(String id, String fileSystemId, String name) {
            this.id = id;
            this.fileSystemId = fileSystemId;
            this.name = name;
        }
    }

    /**
     * A SageMaker (Studio) domain, as DescribeDomain tells it: its home EFS is one of {@code fileSystems}, as the
     * file system SageMaker creates for a domain is one the account's EFS API describes.
     */
    public static final class SageMakerDomain {
        public String id;
        public String name;
        public String homeEfsFileSystemId;
        public String status = "InService";

        public SageMakerDomain() {}

        public SageMakerDomain(String id, String name, String homeEfsFileSystemId) {
            this.id = id;
            this.name = name;
            this.homeEfsFileSystemId = homeEfsFileSystemId;
        }
    }

    /** A user profile of a domain; {@code homeEfsFileSystemUid} is the POSIX uid of the user's home on the domain's EFS. */
    public static final class SageMakerUserProfile {
        public String domainId;
        public String name;
        public String homeEfsFileSystemUid;
        public String status = "InService";

        public SageMakerUserProfile() {}

        public SageMakerUserProfile(String domainId, String name, String homeEfsFileSystemUid) {
            this.domainId = domainId;
            this.name = name;
            this.homeEfsFileSystemUid = homeEfsFileSystemUid;
        }
    }

    /** How job images turn into local processes. */
    public static final class Runner {
        /** An image whose name contains this (case-insensitive) runs the orchestrator command. */
        public String orchestratorImagePattern = "wdlbatch";
        /**
         * The orchestrator command; empty means {@code <repo root>/bin/wdlbatch}, the repo root coming from
         * {@code repoRoot}, the system property {@code wdlbatch.repoRoot}, or the nearest folder above the working
         * directory holding {@code bin/wdlbatch}.
         */
        public List<String> orchestratorCommand = new ArrayList<>();
        public String repoRoot;
        /**
         * {@code auto} uses docker or podman for non-orchestrator images when one is on the PATH, answers and
         * already has the image (it never pulls); {@code docker} or {@code podman} uses that one for every image;
         * {@code none} never.
         */
        public String containerEngine = "auto";
        /**
         * BENCHMARK MODE, never for tests: when above 0, a job attempt that starts runs no process: it stays RUNNING
         * this many milliseconds and exits 0 (TerminateJob and spot reclaims end it at the next tick). It lets a
         * 2-core machine hold 100,000 running array children (bench/scale-100k.sh) to measure the orchestrator's
         * submission, polling and heap; nothing a task would write appears on the file system.
         */
        public long noProcessRunMillis = 0;
    }

    /** Faults switched on from the start; tests switch them at run time through {@code AwsEmulator.faults()}. */
    public static final class Faults {
        /** {@code aws} applies AWS's default request quotas; {@code none} (default) leaves requests unlimited. */
        public String throttlingPreset = "none";
        /** Per-bucket request rates (see {@code Throttling}), on top of the preset. */
        public Map<String, Double> throttling = new LinkedHashMap<>();
        /** Images that fail with CannotPullContainerError. */
        public List<String> missingImages = new ArrayList<>();
    }

    /** The default world: the queues, tags and EFS of the CDK stack, with names from {@code aws-contract}. */
    public static EmulatorConfig defaults() {
        EmulatorConfig c = new EmulatorConfig();
        c.fillDefaultWorld();
        return c;
    }

    /** The SNS topic and EventBridge bus of the default world: arn:aws:sns:REGION:ACCOUNT:wdlbatch-runs. */
    public static final String DEFAULT_NOTIFY_TOPIC = "wdlbatch-runs";
    public static final String DEFAULT_FILE_SYSTEM = "fs-0e1a2b3c4d5e6f701";
    public static final String DEFAULT_ACCESS_POINT = "fsap-0e1a2b3c4d5e6f701";
    /** The default Studio domain, whose home EFS is {@link #DEFAULT_FILE_SYSTEM}. */
    public static final String DEFAULT_STUDIO_DOMAIN = "d-0e1a2b3c4d5e";
    /** The default domain's one user profile; its uid is the default access point's POSIX uid. */
    public static final String DEFAULT_STUDIO_USER = "default-user";

    /** The repository and tag of the orchestrator image in the default world's ECR (the stack's asset image). */
    public static final String DEFAULT_IMAGE_REPOSITORY = "wdlbatch";
    public static final String DEFAULT_IMAGE_TAG = "orchestrator";

    /** The orchestrator image of the default world: what the workflow queue's {@code WorkflowImage} tag names. */
    public String defaultWorkflowImage() {
        return accountId + ".dkr.ecr." + region + ".amazonaws.com/" + DEFAULT_IMAGE_REPOSITORY + ":" + DEFAULT_IMAGE_TAG;
    }

    private void fillDefaultWorld() {
        String workflowCe = AwsNames.DEFAULT_WORKFLOW_QUEUE + "-fargate";
        String spotCe = AwsNames.DEFAULT_TASK_QUEUE + "-spot";
        String onDemandCe = AwsNames.DEFAULT_TASK_QUEUE_FALLBACK + "-ec2";
        computeEnvironments.add(new ComputeEnvironment(workflowCe, "FARGATE"));
        computeEnvironments.add(new ComputeEnvironment(spotCe, "SPOT"));
        computeEnvironments.add(new ComputeEnvironment(onDemandCe, "EC2"));
        Queue workflows = new Queue(AwsNames.DEFAULT_WORKFLOW_QUEUE, workflowCe, 4);
        workflows.tags.put(QueueTags.DEFAULT_TASK_QUEUE, AwsNames.DEFAULT_TASK_QUEUE);
        workflows.tags.put(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK, AwsNames.DEFAULT_TASK_QUEUE_FALLBACK);
        workflows.tags.put(QueueTags.DEFAULT_FSAP, DEFAULT_ACCESS_POINT);
        workflows.tags.put(QueueTags.WORKFLOW_ENGINE_ROLE_ARN,
                "arn:aws:iam::" + accountId + ":role/wdlbatch-workflow-engine");
        workflows.tags.put(QueueTags.WORKFLOW_IMAGE, defaultWorkflowImage());
        queues.add(workflows);
        ecrRepositories.add(new EcrRepositoryConfig(DEFAULT_IMAGE_REPOSITORY, DEFAULT_IMAGE_TAG));
        // what the CDK stack makes with -c notifyTopic=true, so that --local runs can notify
        snsTopics.add(DEFAULT_NOTIFY_TOPIC);
        eventBuses.add(DEFAULT_NOTIFY_TOPIC);
        Queue tasks = new Queue(AwsNames.DEFAULT_TASK_QUEUE, spotCe, 8);
        Queue fallback = new Queue(AwsNames.DEFAULT_TASK_QUEUE_FALLBACK, onDemandCe, 8);
        for (Queue q : List.of(tasks, fallback)) {
            // a task no instance can hold fails after 10 minutes with its reason instead of waiting forever
            q.jobStateTimeLimitActions.add(new JobStateTimeLimitAction("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT", 600));
            queues.add(q);
        }
        fileSystems.add(new FileSystem(DEFAULT_FILE_SYSTEM, "wdlbatch"));
        AccessPoint ap = new AccessPoint(DEFAULT_ACCESS_POINT, DEFAULT_FILE_SYSTEM, "wdlbatch");
        accessPoints.add(ap);
        sageMakerDomains.add(new SageMakerDomain(DEFAULT_STUDIO_DOMAIN, "wdlbatch-studio", DEFAULT_FILE_SYSTEM));
        sageMakerUserProfiles.add(new SageMakerUserProfile(DEFAULT_STUDIO_DOMAIN, DEFAULT_STUDIO_USER,
                String.valueOf(ap.uid)));
    }

    /**
     * Reads a config file. The world lists ({@code queues}, {@code computeEnvironments}, {@code fileSystems},
     * {@code accessPoints}, {@code ecrRepositories}, {@code sageMakerDomains}, {@code sageMakerUserProfiles}) replace the default world's lists when present; other fields override one by one.
     */
    public static EmulatorConfig read(Path file) throws IOException {
        EmulatorConfig c = defaults();
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            EmulatorConfig fromFile = mapper.readValue(Files.readAllBytes(file), EmulatorConfig.class);
            var tree = mapper.readTree(Files.readAllBytes(file));
            if (!tree.has("queues")) fromFile.queues = c.queues;
            if (!tree.has("computeEnvironments")) fromFile.computeEnvironments = c.computeEnvironments;
            if (!tree.has("fileSystems")) fromFile.fileSystems = c.fileSystems;
            if (!tree.has("accessPoints")) fromFile.accessPoints = c.accessPoints;
            if (!tree.has("ecrRepositories")) fromFile.ecrRepositories = c.ecrRepositories;
            if (!tree.has("sageMakerDomains")) fromFile.sageMakerDomains = c.sageMakerDomains;
            if (!tree.has("sageMakerUserProfiles")) fromFile.sageMakerUserProfiles = c.sageMakerUserProfiles;
            fromFile.validate(file.toString());
            return fromFile;
        } catch (JsonMappingException e) {
            String where = e.getPath().isEmpty() ? "" : " at key '" + e.getPathReference() + "'";
            throw new IOException(file + where + ": " + e.getOriginalMessage()
                    + " (see docs/emulator.md for the config keys)", e);
        }
    }

    /** Checks the references inside the world; names the bad key. */
    public void validate(String source) {
        List<String> ces = new ArrayList<>();
        computeEnvironments.forEach(ce -> ces.add(ce.name));
        for (Queue q : queues) {
            if (q.name == null || q.name.isBlank()) {
                throw new IllegalArgumentException(source + ": a queue has no 'name'");
            }
            for (String ce : q.computeEnvironments) {
                if (!ces.contains(ce)) {
                    throw new IllegalArgumentException(source + ": queue '" + q.name + "' names compute environment '"
                            + ce + "' that is not in 'computeEnvironments' " + ces);
                }
            }
            for (JobStateTimeLimitAction a : q.jobStateTimeLimitActions) {
                if (a.reason == null || a.reason.isBlank() || !"RUNNABLE".equals(a.state) || !"CANCEL".equals(a.action)
                        || a.maxTimeSeconds < 600 || a.maxTimeSeconds > 86400) {
                    throw new IllegalArgumentException(source + ": queue '" + q.name + "': each of "
                            + "'jobStateTimeLimitActions' needs a 'reason', state RUNNABLE, action CANCEL and "
                            + "'maxTimeSeconds' from 600 to 86400 (as AWS Batch)");
                }
            }
            if (q.capacity < 1) {
                throw new IllegalArgumentException(source + ": queue '" + q.name + "' needs 'capacity' of at least 1");
            }
        }
        for (AccessPoint ap : accessPoints) {
            if (fileSystems.stream().noneMatch(f -> f.id.equals(ap.fileSystemId))) {
                throw new IllegalArgumentException(source + ": access point '" + ap.id + "' names file system '"
                        + ap.fileSystemId + "' that is not in 'fileSystems'");
            }
        }
        validateSageMaker(source);
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException(source + ": 'credentials' is empty, so no request could be signed; "
                    + "give at least one {\"accessKeyId\": ..., \"secretAccessKey\": ...}");
        }
        for (Credential c : credentials) {
            if (c.accessKeyId == null || c.accessKeyId.isBlank() || c.secretAccessKey == null || c.secretAccessKey.isBlank()) {
                throw new IllegalArgumentException(source + ": every entry of 'credentials' needs 'accessKeyId' and "
                        + "'secretAccessKey'");
            }
        }
        if (controlToken != null && controlToken.length() < 16) {
            throw new IllegalArgumentException(source + ": 'controlToken' must be at least 16 characters (or left out "
                    + "for a random one)");
        }
        if (!List.of("none", "aws").contains(faults.throttlingPreset)) {
            throw new IllegalArgumentException(source + ": faults.throttlingPreset must be 'none' or 'aws', not '"
                    + faults.throttlingPreset + "'");
        }
    }

    /** Ids and names in the shapes SageMaker accepts, and each reference pointing at something in the world. */
    private void validateSageMaker(String source) {
        for (SageMakerDomain d : sageMakerDomains) {
            if (d.id == null || !d.id.matches(DOMAIN_ID_PATTERN)) {
                throw new IllegalArgumentException(source + ": sageMakerDomains: 'id' " + (d.id == null ? "is missing"
                        : "'" + d.id + "' does not match " + DOMAIN_ID_PATTERN) + " (e.g. \"d-0e1a2b3c4d5e\")");
            }
            if (fileSystems.stream().noneMatch(f -> f.id.equals(d.homeEfsFileSystemId))) {
                throw new IllegalArgumentException(source + ": SageMaker domain '" + d.id
                        + "' names 'homeEfsFileSystemId' '" + d.homeEfsFileSystemId + "' that is not in 'fileSystems'");
            }
        }
        for (SageMakerUserProfile u : sageMakerUserProfiles) {
            if (u.name == null || !u.name.matches(USER_PROFILE_NAME_PATTERN)) {
                throw new IllegalArgumentException(source + ": sageMakerUserProfiles: 'name' " + (u.name == null
                        ? "is missing" : "'" + u.name + "' does not match " + USER_PROFILE_NAME_PATTERN));
            }
            if (sageMakerDomains.stream().noneMatch(d -> d.id.equals(u.domainId))) {
                throw new IllegalArgumentException(source + ": SageMaker user profile '" + u.name + "' names 'domainId' '"
                        + u.domainId + "' that is not in 'sageMakerDomains'");
            }
            if (u.homeEfsFileSystemUid == null || !u.homeEfsFileSystemUid.matches("\\d+")) {
                throw new IllegalArgumentException(source + ": SageMaker user profile '" + u.name
                        + "' needs 'homeEfsFileSystemUid' as a number in a string (e.g. \"200001\")");
            }
        }
    }

    /** SageMaker's patterns for a domain id and a user profile name (API reference, DescribeUserProfile). */
    public static final String DOMAIN_ID_PATTERN = "d-(-*[a-z0-9]){1,61}";
    public static final String USER_PROFILE_NAME_PATTERN = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    public Queue queue(String name) {
        return queues.stream().filter(q -> q.name.equals(name)).findFirst().orElse(null);
    }

    public ComputeEnvironment computeEnvironment(String name) {
        return computeEnvironments.stream().filter(q -> q.name.equals(name)).findFirst().orElse(null);
    }
}
