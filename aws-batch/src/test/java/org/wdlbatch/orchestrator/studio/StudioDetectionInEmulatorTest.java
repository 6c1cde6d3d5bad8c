package org.wdlbatch.orchestrator.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * Studio detection end to end: a real {@code resource-metadata.json}, the two SigV4-signed SageMaker requests of
 * {@link SageMakerLookup} answered by the emulator's SageMaker API, then EFS and Batch through the SDK clients.
 */
class StudioDetectionInEmulatorTest {

    static final String DOMAIN = "d-studio0e2e01";
    static final String USER = "alice";
    static final String UID = "200001";
    static final String STUDIO_ACCESS_POINT = "fsap-0studio0e2e00001";
    static final String STUDIO_QUEUE = "studio-tasks";
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator"));

    /** A domain whose home EFS is the emulator's file system, a user with a uid, its access point, a tagged queue. */
    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.sageMakerDomains.add(new EmulatorConfig.SageMakerDomain(DOMAIN, "team", EmulatorConfig.DEFAULT_FILE_SYSTEM));
        c.sageMakerUserProfiles.add(new EmulatorConfig.SageMakerUserProfile(DOMAIN, USER, UID));
        // a decoy with the same uid but not the user's home: detection must pass it by
        EmulatorConfig.AccessPoint decoy = new EmulatorConfig.AccessPoint("fsap-0studio0decoy0001",
                EmulatorConfig.DEFAULT_FILE_SYSTEM, "same-uid-elsewhere");
        decoy.uid = Integer.parseInt(UID);
        decoy.rootDirectory = "/shared";
        c.accessPoints.add(decoy);
        EmulatorConfig.AccessPoint home = new EmulatorConfig.AccessPoint(STUDIO_ACCESS_POINT,
                EmulatorConfig.DEFAULT_FILE_SYSTEM, "studio-home");
        home.uid = Integer.parseInt(UID);
        home.rootDirectory = "/" + UID;
        c.accessPoints.add(home);
        EmulatorConfig.Queue q = new EmulatorConfig.Queue(STUDIO_QUEUE, c.queues.get(1).computeEnvironments.get(0), 2);
        q.tags.put(StudioDetection.QUEUE_TAG, EmulatorConfig.DEFAULT_FILE_SYSTEM);
        c.queues.add(q);
    });

    static EfsClient efs;
    static BatchClient batch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clients() {
        URI endpoint = AWS.emulator().endpoint();
        Region region = Region.of(AWS.emulator().region());
        efs = EfsClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(CREDENTIALS).build();
        batch = BatchClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(CREDENTIALS).build();
    }

    @AfterAll
    static void close() {
        efs.close();
        batch.close();
    }

    static SageMakerLookup sageMaker() {
        return new SageMakerLookup(AWS.emulator().endpoint(), Region.of(AWS.emulator().region()), CREDENTIALS);
    }

    /** The file SageMaker Studio puts in every app (other keys as Studio writes them). */
    Path metadata(String domainId, String user) throws Exception {
        return Files.writeString(tmp.resolve("resource-metadata.json"), "{\"AppType\": \"JupyterServer\", "
                + "\"DomainId\": \"" + domainId + "\", \"UserProfileName\": \"" + user + "\", "
                + "\"ResourceArn\": \"arn:aws:sagemaker:us-east-1:123456789012:app/" + domainId + "/" + user
                + "/jupyterserver/default\", \"ResourceName\": \"default\", \"AppImageVersion\": \"\"}");
    }

    @Test
    void findsTheHomeFileSystemTheUsersAccessPointAndTheTaggedQueue() throws Exception {
        StudioDetection.Studio studio = StudioDetection.detect(metadata(DOMAIN, USER), sageMaker(), efs, batch)
                .orElseThrow();
        assertThat(studio).isEqualTo(new StudioDetection.Studio(EmulatorConfig.DEFAULT_FILE_SYSTEM, UID,
                STUDIO_ACCESS_POINT, STUDIO_QUEUE));
    }

    @Test
    void anUnknownDomainIsNoStudio() throws Exception {
        assertThat(StudioDetection.detect(metadata("d-nosuchdomain", USER), sageMaker(), efs, batch)).isEmpty();
        // and it is no Studio because SageMaker said so, not because the request went astray
        assertThatThrownBy(() -> sageMaker().homeEfsFileSystemId("d-nosuchdomain"))
                .hasMessageContaining("HTTP 400").hasMessageContaining("ResourceNotFound");
    }

    @Test
    void anUnknownUserOfAKnownDomainIsNoStudio() throws Exception {
        assertThat(StudioDetection.detect(metadata(DOMAIN, "bob"), sageMaker(), efs, batch)).isEmpty();
    }
}
