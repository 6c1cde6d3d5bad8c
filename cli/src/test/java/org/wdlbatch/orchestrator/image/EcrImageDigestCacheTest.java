package org.wdlbatch.orchestrator.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.cli.WdlbatchMain;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EcrRepositoryConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@code wdlbatch run --backend aws-batch} (a real process) against the emulator: an ECR task image is keyed by
 * the digest ECR gives for its tag, so a new push under the same tag runs the task again; an image whose registry
 * cannot be reached is keyed by its tag, with the reason in task.log; {@code --env} reaches the task job.
 */
class EcrImageDigestCacheTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.ecrRepositories.add(new EcrRepositoryConfig("team/tool", "prod"));
        c.queues.forEach(q -> q.capacity = 8);
    });

    @Test
    void aNewPushUnderTheSameTagIsACacheMissAndAnUnreachableRegistryFallsBackToTheTag() throws Exception {
        Path efs = AWS.emulator().efsFolder();
        String ecrImage = AWS.emulator().config().accountId + ".dkr.ecr." + AWS.emulator().region()
                + ".amazonaws.com/team/tool:prod";
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String offImage = "127.0.0.1:" + closed + "/tools/other:1";
        Path wdl = Files.writeString(efs.resolve("images.wdl"), """
                version 1.1
                task fromEcr {
                  command <<< echo "ecr $GREETING" >>>
                  output { String said = read_string(stdout()) }
                  runtime { docker: "ECR" }
                }
                task fromElsewhere {
                  command <<< echo elsewhere >>>
                  output { String said = read_string(stdout()) }
                  runtime { docker: "OFF" }
                }
                workflow images {
                  call fromEcr
                  call fromElsewhere
                  output { String a = fromEcr.said  String b = fromElsewhere.said }
                }
                """.replace("ECR", ecrImage).replace("OFF", offImage));
        try (EcrClient ecr = EcrClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String before = ecr.describeImages(b -> b.repositoryName("team/tool").imageIds(i -> i.imageTag("prod")))
                    .imageDetails().get(0).imageDigest();

            Path first = run(efs, wdl);
            // --env reaches the task job on Batch (through its env file on EFS)
            assertThat(Files.readString(first.resolve("outputs.json"))).contains("ecr hola");
            assertThat(log(first, "fromEcr")).contains("image_digest " + ecrImage + " " + before
                    + " (ecr DescribeImages)");
            assertThat(log(first, "fromElsewhere")).contains("image_digest " + offImage + " unresolved: registry: ")
                    .contains("the call cache keys it by its tag");

            Path second = run(efs, wdl);
            // the report names each image with the digest the cache keyed it by, or why the tag was the key
            String report = Files.readString(first.resolve("report.html"));
            assertThat(report).contains("<h2>Images</h2>").contains(ecrImage).contains(before)
                    .contains(offImage).contains("unresolved: registry: ");
            assertThat(log(second, "fromEcr")).contains("call cache hit");
            assertThat(log(second, "fromElsewhere")).contains("call cache hit");

            String after = ecr.putImage(b -> b.repositoryName("team/tool").imageTag("prod")
                    .imageManifest("{\"schemaVersion\": 2, \"build\": \"next\"}")).image().imageId().imageDigest();
            Path third = run(efs, wdl);
            assertThat(log(third, "fromEcr")).doesNotContain("call cache hit")
                    .contains("image_digest " + ecrImage + " " + after);
            assertThat(log(third, "fromElsewhere")).contains("call cache hit");
        }
    }

    private static String log(Path runDir, String call) throws Exception {
        return Files.readString(runDir.resolve("call-" + call).resolve("task.log"));
    }

    /** One run as a real process; returns its run directory. */
    private static Path run(Path efs, Path wdl) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WdlbatchMain.class.getName(),
                "run", wdl.toString(), "--dir", efs.resolve("runs").toString(), "--backend", "aws-batch",
                "--env", "GREETING=hola"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(AWS.emulator().clientEnvironment());
        pb.environment().put("WDLBATCH__FILE_IO__ROOT", efs.toString());
        pb.environment().put("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks");
        pb.environment().put("WDLBATCH__AWS__FSAP", "fsap-0e1a2b3c4d5e6f701");
        pb.environment().put("WDLBATCH__AWS__DESCRIBE_PERIOD", "0.1");
        pb.environment().put("WDLBATCH__CALL_CACHE__IMAGE_DIGEST_TIMEOUT", "2");
        Path out = efs.resolve("out.txt");
        Path err = efs.resolve("err.txt");
        Process p = pb.directory(efs.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the run ends").isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        } finally {
            p.destroyForcibly();
        }
        return efs.resolve("runs/_LAST").toRealPath();
    }
}
