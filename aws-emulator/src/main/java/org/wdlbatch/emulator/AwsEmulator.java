package org.wdlbatch.emulator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.wdlbatch.emulator.batch.BatchApi;
import org.wdlbatch.emulator.batch.BatchState;
import org.wdlbatch.emulator.batch.JobLauncher;
import org.wdlbatch.emulator.batch.JobScheduler;
import org.wdlbatch.emulator.batch.ListJobsLag;
import org.wdlbatch.emulator.ecr.EcrApi;
import org.wdlbatch.emulator.ecr.EcrRegistry;
import org.wdlbatch.emulator.efs.EfsApi;
import org.wdlbatch.emulator.events.EventBuses;
import org.wdlbatch.emulator.events.EventsApi;
import org.wdlbatch.emulator.http.Authentication;
import org.wdlbatch.emulator.http.HttpFront;
import org.wdlbatch.emulator.http.ServiceRouter.Service;
import org.wdlbatch.emulator.http.Throttling;
import org.wdlbatch.emulator.logs.LogStore;
import org.wdlbatch.emulator.logs.LogsApi;
import org.wdlbatch.emulator.s3.EmbeddedS3;
import org.wdlbatch.emulator.s3.S3Forwarder;
import org.wdlbatch.emulator.sagemaker.SageMakerApi;
import org.wdlbatch.emulator.sns.SnsApi;
import org.wdlbatch.emulator.sns.SnsTopics;
import org.wdlbatch.emulator.sts.StsApi;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * A local AWS on one loopback endpoint: Batch, EFS, CloudWatch Logs, STS GetCallerIdentity, SageMaker
 * DescribeDomain/DescribeUserProfile, ECR DescribeRepositories/DescribeImages and S3 (S3Proxy).
 * Point any SDK client at {@link #endpoint()} (or set {@code AWS_ENDPOINT_URL}); S3 clients need path-style access.
 *
 * <pre>
 * try (AwsEmulator aws = AwsEmulator.start()) {
 *     BatchClient batch = BatchClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)...
 * }
 * </pre>
 */
public final class AwsEmulator implements AutoCloseable {

    private final EmulatorConfig config;
    private final Path dataDir;
    private final boolean temporaryData;
    private final Map<String, Path> accessPointFolders;
    private final EmbeddedS3 s3;
    private final HttpFront front;
    private final LogStore logs;
    private final BatchState batch;
    private final JobScheduler scheduler;
    private final EmulatorFaults faults;
    private final StatePersistence persistence;
    /** SNS topics and EventBridge buses with what was published to them (not persisted: tests read them live). */
    private final SnsTopics sns;
    private final EventBuses events;
    private final String controlToken;

    private AwsEmulator(EmulatorConfig config) throws Exception {
        this.config = config;
        config.validate("emulator config");
        this.temporaryData = config.dataDir == null;
        this.dataDir = temporaryData ? Files.createTempDirectory("aws-emulator-")
                : Files.createDirectories(Path.of(config.dataDir).toAbsolutePath());
        this.accessPointFolders = new LinkedHashMap<>();
        boolean first = true;
        for (EmulatorConfig.AccessPoint ap : config.accessPoints) {
            Path folder = ap.folder != null ? dataDir.resolve(ap.folder)
                    : dataDir.resolve(first ? "efs" : "efs-" + ap.id);
            accessPointFolders.put(ap.id, Files.createDirectories(folder));
            first = false;
        }
        this.controlToken = config.controlToken != null ? config.controlToken : newToken();
        Map<String, String> secrets = new LinkedHashMap<>();
        config.credentials.forEach(c -> secrets.put(c.accessKeyId, c.secretAccessKey));
        this.s3 = EmbeddedS3.start(temporaryData ? null : dataDir.resolve("s3"), secrets);
        try {
            this.front = new HttpFront(config.port, new S3Forwarder(s3.uri()));
        } catch (IOException e) {
            s3.close();
            throw new IOException("cannot listen on 127.0.0.1:" + config.port + " (" + e.getMessage()
                    + "); pick another port with --port or \"port\" in the config", e);
        }
        Throttling throttling = new Throttling();
        if ("aws".equals(config.faults.throttlingPreset)) {
            throttling.applyAwsDefaults();
        }
        config.faults.throttling.forEach(throttling::limit);
        Set<String> missingImages = ConcurrentHashMap.newKeySet();
        missingImages.addAll(config.faults.missingImages);
        this.logs = new LogStore();
        this.batch = new BatchState(config);
        this.persistence = temporaryData ? null : new StatePersistence(dataDir.resolve("state"), batch, logs);
        if (persistence != null) {
            persistence.load();
        }
        Map<String, Integer> memoryNeeds = new ConcurrentHashMap<>();
        JobLauncher launcher = new JobLauncher(config, logs, front.endpoint(), dataDir.resolve("jobs"), missingImages,
                memoryNeeds);
        this.scheduler = new JobScheduler(batch, launcher);
        ListJobsLag listJobsLag = new ListJobsLag();
        this.faults = new EmulatorFaults(throttling, missingImages, scheduler, memoryNeeds, listJobsLag);
        front.register(Service.BATCH, new BatchApi(batch, scheduler, throttling, listJobsLag));
        front.register(Service.LOGS, new LogsApi(logs, throttling, config.region, config.accountId,
                config.strict.emptyLogPageEvery));
        front.register(Service.EFS, new EfsApi(config, accessPointFolders, throttling));
        front.register(Service.STS, new StsApi(config.accountId));
        front.register(Service.SAGEMAKER, new SageMakerApi(config));
        front.register(Service.ECR, new EcrApi(new EcrRegistry(config.ecrRepositories), throttling, config.region,
                config.accountId));
        // with a data folder (--data, submit_awsbatch --local=DIR) what was published is also left there, one JSON a line
        this.sns = new SnsTopics(temporaryData ? null : dataDir.resolve("sns-messages.jsonl"));
        this.events = new EventBuses(temporaryData ? null : dataDir.resolve("eventbridge-events.jsonl"));
        config.snsTopics.forEach(t -> sns.create("arn:aws:sns:" + config.region + ":" + config.accountId + ":" + t));
        config.eventBuses.forEach(events::create);
        front.register(Service.SNS, new SnsApi(sns, config.region, config.accountId));
        front.register(Service.EVENTS, new EventsApi(events, config.region, config.accountId));
        front.register(Service.CONTROL, new ControlApi(this));
        front.authenticate(new Authentication(secrets));
        front.start();
        scheduler.start();
        if (persistence != null) {
            persistence.startPeriodicSaves();
        }
    }

    /** Starts the default world on a free port, state in a temporary folder. */
    public static AwsEmulator start() throws Exception {
        return start(EmulatorConfig.defaults());
    }

    public static AwsEmulator start(EmulatorConfig config) throws Exception {
        return new AwsEmulator(config);
    }

    /** {@code http://127.0.0.1:PORT}, for {@code endpointOverride} or {@code AWS_ENDPOINT_URL}. */
    public URI endpoint() {
        return front.endpoint();
    }

    public String region() {
        return config.region;
    }

    public EmulatorConfig config() {
        return config;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The local folder of the default (first) access point. */
    public Path efsFolder() {
        return accessPointFolders.values().iterator().next();
    }

    public Path accessPointFolder(String accessPointId) {
        return accessPointFolders.get(accessPointId);
    }

    /** The SNS messages published to this emulator. */
    public SnsTopics sns() {
        return sns;
    }

    /** The EventBridge events put on this emulator. */
    public EventBuses events() {
        return events;
    }

    public EmulatorFaults faults() {
        return faults;
    }

    /**
     * Moves every job one step along the state machine now. With {@code tickMillis = 0} this is the only way
     * jobs move, which lets a test observe each state deterministically.
     */
    public void tick() {
        scheduler.tick();
    }

    /** CloudWatch Logs contents, for assertions that do not need to go through the API. */
    public LogStore logs() {
        return logs;
    }

    /** The environment a child process needs to reach this emulator with the SDK's default chains. */
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint().toString());
        env.put("AWS_REGION", config.region);
        env.put("AWS_DEFAULT_REGION", config.region);
        env.put("AWS_ACCESS_KEY_ID", clientCredential().accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", clientCredential().secretAccessKey);
        return env;
    }

    /** The key pair clients of this emulator sign with: the first of {@code credentials} in the config. */
    public EmulatorConfig.Credential clientCredential() {
        return config.credentials.get(0);
    }

    /**
     * The control API's token for this start: every request to {@code /_emulator/...} carries it in the
     * {@value ControlApi#TOKEN_HEADER} header.
     */
    public String controlToken() {
        return controlToken;
    }

    private static String newToken() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    @Override
    public void close() throws IOException {
        scheduler.close();
        front.close();
        if (persistence != null) {
            persistence.close();
        }
        s3.close();
        if (temporaryData) {
            try (Stream<Path> walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
