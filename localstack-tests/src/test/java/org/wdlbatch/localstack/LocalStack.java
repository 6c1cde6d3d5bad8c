package org.wdlbatch.localstack;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * One LocalStack container for this module's tests, started on first use. A second implementation of the AWS APIs
 * next to our emulator: where the two disagree, one of them is not AWS. Without a Docker engine the tests are
 * skipped (an {@link Assumptions} failure, which JUnit reports as skipped with this reason), never passed.
 */
final class LocalStack {

    /** {@code -Dlocalstack.image=...} picks another image (a mirror, or localstack/localstack-pro). */
    static final String IMAGE = System.getProperty("localstack.image", "localstack/localstack:4.4");

    private static LocalStackContainer container;

    private LocalStack() {}

    static synchronized LocalStackContainer started() {
        Assumptions.assumeTrue(dockerAnswers(), "no Docker engine answers on this machine (Testcontainers found"
                + " none: DOCKER_HOST, /var/run/docker.sock): the LocalStack tests need one to start " + IMAGE
                + "; they are skipped, not passed");
        if (container == null) {
            LocalStackContainer c = new LocalStackContainer(DockerImageName.parse(IMAGE)
                    .asCompatibleSubstituteFor("localstack/localstack"));
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            if (token != null && !token.isBlank()) {
                c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
            }
            c.start();
            container = c;
        }
        return container;
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static URI endpoint() {
        return started().getEndpoint();
    }

    static Region region() {
        return Region.of(started().getRegion());
    }

    static StaticCredentialsProvider credentials() {
        LocalStackContainer c = started();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.getAccessKey(), c.getSecretKey()));
    }
}
