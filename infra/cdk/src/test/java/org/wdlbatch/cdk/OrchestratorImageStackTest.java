package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;

/**
 * The orchestrator image comes with the deploy: a container image asset (Dockerfile, entrypoint, CDS dump script and
 * the cds-launch.sh it sources, jar and class list) in the assembly, the workflow queue tagged with its URI, and the
 * workflow role allowed to pull that one repository and no other. With -c workflowImage (an image pushed elsewhere) nothing is built and the role may pull that image only.
 * Synthesized offline: an image asset is only hashed and copied at synth (Docker runs at deploy).
 */
class OrchestratorImageStackTest {

    static final String ELSEWHERE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/wdlbatch:0.1.0";

    @TempDir
    static Path built;
    @TempDir
    static Path given;

    static Map<String, Object> builtJson;
    static Map<String, Object> givenJson;

    @BeforeAll
    static void synthesize() {
        builtJson = Cfn.map(WdlBatchApp.synth(Map.of(), built.toString(), null, null)
                .getStackByName(WdlBatchApp.STACK_NAME).getTemplate());
        givenJson = Cfn.map(WdlBatchApp.synth(Map.of(OrchestratorImage.WORKFLOW_IMAGE, ELSEWHERE), given.toString(),
                null, null).getStackByName(WdlBatchApp.STACK_NAME).getTemplate());
    }

    private static JsonNode dockerImages(Path outdir) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(outdir.resolve(WdlBatchApp.STACK_NAME + ".assets.json").toFile());
        return manifest.path("dockerImages");
    }

    private static String workflowQueueTag(Map<String, Object> json, String tag) {
        for (Object r : Cfn.map(json.get("Resources")).values()) {
            if ("AWS::Batch::JobQueue".equals(Cfn.at(r, "Type"))
                    && AwsNames.DEFAULT_WORKFLOW_QUEUE.equals(Cfn.at(r, "Properties", "JobQueueName"))) {
                return Cfn.text(Cfn.at(r, "Properties", "Tags", tag));
            }
        }
        throw new AssertionError("no workflow queue");
    }

    /** Every statement that allows an ecr: action, anywhere in the template. */
    private static List<PolicyStatements.Statement> ecrStatements(Map<String, Object> json) {
        return PolicyStatements.of(json).stream().filter(PolicyStatements.Statement::allows)
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("ecr:"))).toList();
    }

    @Test
    void theImageIsAnAssetBuiltFromTheDockerfileWithTheJar() throws Exception {
        JsonNode images = dockerImages(built);
        assertThat(images.size()).isEqualTo(1);
        JsonNode image = images.elements().next();
        assertThat(image.at("/source/directory").asText()).startsWith("asset.");
        assertThat(image.at("/source/platform").asText()).isEqualTo("linux/amd64");
        // the non-root user has the access point's POSIX ids
        assertThat(image.at("/source/dockerBuildArgs/UID").asText()).isEqualTo("1000");
        assertThat(image.at("/source/dockerBuildArgs/GID").asText()).isEqualTo("1000");
        assertThat(image.at("/destinations").elements().next().path("repositoryName").asText())
                .contains("container-assets");
        Path context = built.resolve(image.at("/source/directory").asText());
        try (var files = Files.list(context)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("Dockerfile",
                    "wdlbatch-entrypoint.sh", "wdlbatch-cds.sh", "cds-launch.sh", "wdlbatch.jar", "wdlbatch.classlist");
        }
        Path standIn = Path.of(System.getenv(OrchestratorImage.JAR_VARIABLE));
        assertThat(context.resolve("wdlbatch.jar")).hasSameBinaryContentAs(standIn);
        assertThat(context.resolve("wdlbatch.classlist")).hasSameTextualContentAs(
                standIn.resolveSibling("wdlbatch.classlist"));
        // the launchers' fingerprint functions, not a copy of them
        assertThat(context.resolve("cds-launch.sh")).hasSameTextualContentAs(Path.of("../../bin/cds-launch.sh"));
        String dockerfile = Files.readString(context.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("ARG BASE_IMAGE=eclipse-temurin:17-jre[a-z-]*@sha256:[0-9a-f]{64}")
                .contains("USER ${UID}:${GID}",
                        "COPY wdlbatch.jar wdlbatch.classlist cds-launch.sh wdlbatch-cds.sh /app/",
                        "RUN bash /app/wdlbatch-cds.sh /app", "ENTRYPOINT [\"/usr/local/bin/wdlbatch\"]")
                // the dynamic archive left picocli's Java 5 classes out
                .doesNotContain("USER root", "WDLBATCH_CDS_DUMP");
        // the static archive made in the image, passed to the JVM that made it; C1 only (bench/orchestrator-jvm.sh)
        assertThat(Files.readString(context.resolve("wdlbatch-cds.sh"))).contains("cds_dump ");
        assertThat(Files.readString(context.resolve("wdlbatch-entrypoint.sh")))
                .contains("cds_fits java", "-XX:SharedArchiveFile=\"$app/wdlbatch.jsa\" -Xshare:auto",
                        "exec java -XX:TieredStopAtLevel=1 ", "${JAVA_OPTS:-} -jar \"$app/wdlbatch.jar\"")
                .doesNotContain("ArchiveClassesAtExit");
    }

    /** The asset is named by the hash of its context: another class list is another image, the same files the same. */
    @Test
    void theImageHashFollowsTheClassList(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(Path.of(System.getenv(OrchestratorImage.JAR_VARIABLE)), dir.resolve("wdlbatch.jar"));
        Files.writeString(dir.resolve("wdlbatch.classlist"), "java/lang/Object\n");
        String first = imageHash(dir.resolve("a"), jar);
        String same = imageHash(dir.resolve("b"), jar);
        Files.writeString(dir.resolve("wdlbatch.classlist"), "java/lang/Object\npicocli/CommandLine\n");
        String otherList = imageHash(dir.resolve("c"), jar);
        assertThat(same).isEqualTo(first);
        assertThat(otherList).isNotEqualTo(first);
    }

    /** A jar without its class list (not made by ./mvnw package) still builds an image: without an archive. */
    @Test
    void aJarWithoutItsClassListGetsAnEmptyOne(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(Path.of(System.getenv(OrchestratorImage.JAR_VARIABLE)), dir.resolve("other.jar"));
        Path context = OrchestratorImage.buildContext(jar);
        assertThat(context.resolve("wdlbatch.classlist")).exists().isEmptyFile();
        assertThat(OrchestratorImage.classList(jar)).isEqualTo(dir.resolve("other.classlist"));
        assertThat(OrchestratorImage.classList(Path.of("/r/lib/wdlbatch.jar"))).isEqualTo(
                Path.of("/r/lib/wdlbatch.classlist"));
    }

    private static String imageHash(Path outdir, Path jar) throws Exception {
        WdlBatchApp.synth(Map.of(OrchestratorImage.ORCHESTRATOR_JAR, jar.toString()), outdir.toString(), null, null);
        return dockerImages(outdir).fieldNames().next();
    }

    @Test
    void theWorkflowQueueIsTaggedWithThePublishedImage() {
        String tag = workflowQueueTag(builtJson, QueueTags.WORKFLOW_IMAGE);
        assertThat(tag).matches("\\$\\{AWS::AccountId}\\.dkr\\.ecr\\.\\$\\{AWS::Region}\\.\\$\\{AWS::URLSuffix}/"
                + "cdk-[a-z0-9]+-container-assets-\\$\\{AWS::AccountId}-\\$\\{AWS::Region}:[0-9a-f]{64}|.*container-assets.*:[0-9a-f]{64}.*");
        assertThat(Cfn.text(Cfn.at(builtJson, "Outputs", "WorkflowImage", "Value"))).isEqualTo(tag);
    }

    @Test
    void theWorkflowRoleMayPullThatRepositoryAndNothingWider() {
        List<PolicyStatements.Statement> ecr = ecrStatements(builtJson);
        PolicyStatements.Statement pull = ecr.stream().filter(s -> s.sid().equals("PullTheOrchestratorImage"))
                .findFirst().orElseThrow();
        assertThat(pull.actions()).containsExactlyInAnyOrder("ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage");
        assertThat(pull.resources()).hasSize(1);
        assertThat(pull.resources().get(0)).contains(":ecr:", ":repository/", "container-assets")
                .doesNotContain("*");
        // the only other ECR permissions: the token, which AWS cannot scope, and the submitters' DescribeImages
        assertThat(ecr).filteredOn(s -> s != pull).allSatisfy(s -> assertThat(s.actions())
                .filteredOn(a -> a.startsWith("ecr:")).containsAnyOf("ecr:GetAuthorizationToken", "ecr:DescribeImages")
                .doesNotContain("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"));
        // any repository only for reading task images' digests (metadata, no layers)
        assertThat(ecr).filteredOn(s -> !s.actions().equals(List.of("ecr:DescribeImages")))
                .flatExtracting(PolicyStatements.Statement::resources).noneMatch(r -> r.endsWith(":repository/*"));
        assertThat(ecr).filteredOn(s -> s.sid().equals("ResolveTaskImageDigests")).singleElement()
                .satisfies(s -> assertThat(s.actions()).containsExactly("ecr:DescribeImages"));
    }

    @Test
    void submittersMayCheckTheImageInItsRepositoryOnly() {
        PolicyStatements.Statement check = PolicyStatements.of(builtJson).stream()
                .filter(s -> s.sid().equals("CheckTheWorkflowImage")).findFirst().orElseThrow();
        assertThat(check.source()).contains("SubmitterPolicy");
        assertThat(check.actions()).containsExactly("ecr:DescribeImages");
        assertThat(check.resources()).hasSize(1);
        assertThat(check.resources().get(0)).contains(":repository/", "container-assets").doesNotContain("*");
    }

    @Test
    void anImageBuiltElsewhereIsTaggedAndPulledAsGivenWithNothingBuilt() throws Exception {
        assertThat(dockerImages(given).size()).isZero();
        assertThat(workflowQueueTag(givenJson, QueueTags.WORKFLOW_IMAGE)).isEqualTo(ELSEWHERE);
        PolicyStatements.Statement pull = ecrStatements(givenJson).stream()
                .filter(s -> s.sid().equals("PullTheOrchestratorImage")).findFirst().orElseThrow();
        assertThat(pull.resources()).containsExactly(
                "arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/team/wdlbatch");
    }

    @Test
    void aMissingJarIsAnErrorSayingHowToBuildIt(@TempDir Path out) {
        assertThatThrownBy(() -> WdlBatchApp.synth(Map.of(OrchestratorImage.ORCHESTRATOR_JAR,
                out.resolve("nope.jar").toString()), out.toString(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.jar, which is missing")
                .hasMessageContaining("./mvnw -B -q -pl orchestrator-image -am package")
                .hasMessageContaining("-c workflowImage=URI");
    }
}
