package org.wdlbatch.emulator.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.Clients;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;

/** ECR and EFS mount targets through the real SDK clients: the default world, and AWS's errors for what is not there. */
class EcrAndMountTargetsTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.fileSystems.add(new EmulatorConfig.FileSystem("fs-0bbbbbbbbbbbbbbb1", "unmounted"));
        c.fileSystems.get(c.fileSystems.size() - 1).mountTargets = 0;
    });

    static EcrClient ecr;
    static EfsClient efs;

    @BeforeAll
    static void clients() {
        ecr = EcrClient.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.of(AWS.emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        efs = Clients.efs(AWS.emulator());
    }

    @AfterAll
    static void close() {
        ecr.close();
        efs.close();
    }

    @Test
    void theDefaultWorldHoldsTheOrchestratorImageItsQueueNames() {
        EmulatorConfig c = AWS.emulator().config();
        assertThat(c.queue("wdl-workflows").tags).containsEntry("WorkflowImage", c.defaultWorkflowImage());
        var repo = ecr.describeRepositories(b -> b.repositoryNames("wdlbatch")).repositories().get(0);
        assertThat(repo.repositoryUri()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/wdlbatch");
        ImageDetail image = ecr.describeImages(b -> b.repositoryName("wdlbatch")
                .imageIds(i -> i.imageTag(EmulatorConfig.DEFAULT_IMAGE_TAG))).imageDetails().get(0);
        assertThat(image.imageTags()).containsExactly(EmulatorConfig.DEFAULT_IMAGE_TAG);
        assertThat(image.imageDigest()).matches("sha256:[0-9a-f]{64}");
        assertThat(image.imagePushedAt()).isNotNull();
        // by digest too
        assertThat(ecr.describeImages(b -> b.repositoryName("wdlbatch").imageIds(i -> i.imageDigest(
                image.imageDigest()))).imageDetails()).hasSize(1);
        assertThat(ecr.getAuthorizationToken(b -> {}).authorizationData().get(0).proxyEndpoint())
                .isEqualTo("https://123456789012.dkr.ecr.us-east-1.amazonaws.com");
    }

    @Test
    void missingImagesAndRepositoriesAreAwsErrors() {
        assertThatThrownBy(() -> ecr.describeImages(b -> b.repositoryName("wdlbatch").imageIds(i -> i.imageTag("9.9"))))
                .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("imageTag:'9.9'")
                .hasMessageContaining("repository with name 'wdlbatch'");
        assertThatThrownBy(() -> ecr.describeImages(b -> b.repositoryName("nope")))
                .isInstanceOf(RepositoryNotFoundException.class)
                .hasMessageContaining("The repository with name 'nope' does not exist in the registry with id"
                        + " '123456789012'");
        assertThatThrownBy(() -> ecr.describeRepositories(b -> b.repositoryNames("nope")))
                .isInstanceOf(RepositoryNotFoundException.class);
    }

    @Test
    void mountTargetsByFileSystemAndByAccessPoint() {
        var byFs = efs.describeMountTargets(b -> b.fileSystemId(EmulatorConfig.DEFAULT_FILE_SYSTEM)).mountTargets();
        assertThat(byFs).extracting(MountTargetDescription::lifeCycleStateAsString).containsExactly("available");
        var byAp = efs.describeMountTargets(b -> b.accessPointId(EmulatorConfig.DEFAULT_ACCESS_POINT)).mountTargets();
        assertThat(byAp).isEqualTo(byFs);
        assertThat(efs.describeMountTargets(b -> b.fileSystemId("fs-0bbbbbbbbbbbbbbb1")).mountTargets()).isEmpty();
        assertThat(efs.describeFileSystems(b -> b.fileSystemId("fs-0bbbbbbbbbbbbbbb1")).fileSystems().get(0)
                .numberOfMountTargets()).isZero();
        assertThatThrownBy(() -> efs.describeMountTargets(b -> b.fileSystemId("fs-0ccccccccccccccc1")))
                .isInstanceOf(FileSystemNotFoundException.class);
    }
}
