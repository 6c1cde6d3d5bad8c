package org.wdlbatch.emulator.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EcrRepositoryConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** PutImage through the real SDK: the tag moves to the new digest, as a push of a new build does in ECR. */
class EcrPutImageTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c ->
            c.ecrRepositories.add(new EcrRepositoryConfig("team/tool", "prod")));

    @Test
    void pushingUnderATagMovesTheTagToTheNewDigest() {
        try (EcrClient ecr = EcrClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String before = ecr.describeImages(b -> b.repositoryName("team/tool").imageIds(i -> i.imageTag("prod")))
                    .imageDetails().get(0).imageDigest();
            String manifest = "{\"schemaVersion\": 2, \"build\": 2}";
            var put = ecr.putImage(b -> b.repositoryName("team/tool").imageTag("prod").imageManifest(manifest));
            String after = put.image().imageId().imageDigest();
            assertThat(after).isEqualTo(EcrRegistry.digestOf(manifest)).isNotEqualTo(before);
            assertThat(ecr.describeImages(b -> b.repositoryName("team/tool").imageIds(i -> i.imageTag("prod")))
                    .imageDetails().get(0).imageDigest()).isEqualTo(after);
            // the old image is still there, untagged
            assertThat(ecr.describeImages(b -> b.repositoryName("team/tool").imageIds(i -> i.imageDigest(before)))
                    .imageDetails().get(0).imageTags()).isEmpty();

            assertThatThrownBy(() -> ecr.putImage(b -> b.repositoryName("team/tool").imageTag("prod")
                    .imageManifest(manifest))).isInstanceOf(ImageAlreadyExistsException.class);
            assertThatThrownBy(() -> ecr.putImage(b -> b.repositoryName("nope/none").imageTag("prod")
                    .imageManifest(manifest))).isInstanceOf(RepositoryNotFoundException.class);
            assertThatThrownBy(() -> ecr.putImage(b -> b.repositoryName("team/tool").imageTag("x")
                    .imageManifest(manifest).imageDigest("sha256:" + "0".repeat(64))))
                    .isInstanceOf(InvalidParameterException.class);
        }
    }
}
