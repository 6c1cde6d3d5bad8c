package org.wdlbatch.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The orchestrator image the workflow job runs, published with the deploy: a container image asset built from
 * {@code image/Dockerfile} (a pinned Temurin 17 JRE, a non-root user with the access point's ids, a static AppCDS
 * archive) and this build's {@code wdlbatch.jar} and class list, pushed by {@code cdk deploy} to the CDK bootstrap's asset repository. The
 * workflow role may pull exactly that repository. With context {@value #WORKFLOW_IMAGE} (an image built and pushed
 * elsewhere, e.g. with Jib) no image is built and the role may pull that image's ECR repository only.
 *
 * <p>Why a Dockerfile rather than Jib's tarball: the AppCDS archive must be written by the image's own JVM, so
 * building the image has to run it, which only a Dockerfile can; Jib never runs anything in the image.
 */
public final class OrchestratorImage extends Construct {

    /** Context key: an image to use instead of building one (ECR URI with tag or digest, or any pullable image). */
    public static final String WORKFLOW_IMAGE = "workflowImage";
    /** Context key: the wdlbatch.jar to put in the image; default {@link #DEFAULT_JAR} (relative to infra/cdk). */
    public static final String ORCHESTRATOR_JAR = "orchestratorJar";
    /** Context key: the base image (by digest) instead of the Dockerfile's pinned one. */
    public static final String BASE_IMAGE = "orchestratorBaseImage";
    /** Environment variable naming the jar when the context does not (the synth tests point it at a stand-in). */
    public static final String JAR_VARIABLE = "WDLBATCH_ORCHESTRATOR_JAR";
    public static final String DEFAULT_JAR = "../../orchestrator-image/target/wdlbatch.jar";

    /** An image in a private ECR registry: account, region, repository. */
    private static final Pattern ECR_URI = Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9._/-]+?)(?::[^@]+)?(?:@sha256:[0-9a-f]{64})?");

    private final String imageUri;
    private final DockerImageAsset asset;
    private String repositoryArn;

    /**
     * @param context  CDK context lookup ({@code app.getNode()::tryGetContext})
     * @param puller   the role Fargate pulls the image with (the workflow job's execution role)
     */
    public OrchestratorImage(Construct scope, String id, java.util.function.Function<String, Object> context,
                             IRole puller, WdlBatchSettings settings) {
        super(scope, id);
        String given = text(context.apply(WORKFLOW_IMAGE));
        Stack stack = Stack.of(this);
        if (given != null) {
            this.asset = null;
            this.imageUri = given;
            Matcher m = ECR_URI.matcher(given);
            if (m.matches()) {
                this.repositoryArn = "arn:" + stack.getPartition() + ":ecr:" + m.group(2) + ":" + m.group(1)
                        + ":repository/" + m.group(3);
                allowPull(puller, repositoryArn);
            }
            // any other registry: public images need no permission; private ones need repositoryCredentials
            return;
        }
        Map<String, String> buildArgs = new LinkedHashMap<>();
        buildArgs.put("UID", String.valueOf(settings.efsUid()));
        buildArgs.put("GID", String.valueOf(settings.efsGid()));
        String base = text(context.apply(BASE_IMAGE));
        if (base != null) {
            buildArgs.put("BASE_IMAGE", base);
        }
        this.asset = DockerImageAsset.Builder.create(this, "Asset")
                .directory(buildContext(jar(context)).toString())
                .buildArgs(buildArgs)
                // the Fargate compute environment runs X86_64 tasks: build for it on any machine
                .platform(Platform.LINUX_AMD64)
                .build();
        this.imageUri = asset.getImageUri();
        this.repositoryArn = asset.getRepository().getRepositoryArn();
        allowPull(puller, repositoryArn);
    }

    /** The image URI the workflow queue's {@code WorkflowImage} tag carries. */
    public String imageUri() {
        return imageUri;
    }

    /** The ECR repository holding the image, or null when it is in another registry. */
    public String repositoryArn() {
        return repositoryArn;
    }

    /** The image asset, or null when the image comes from elsewhere ({@value #WORKFLOW_IMAGE}). */
    public DockerImageAsset asset() {
        return asset;
    }

    private static void allowPull(IRole role, String repositoryArn) {
        // ecr:GetAuthorizationToken (resource *) is the workflow role's own: it cannot be scoped to a repository
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("PullTheOrchestratorImage")
                .actions(List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"))
                .resources(List.of(repositoryArn))
                .build());
    }

    private static Path jar(java.util.function.Function<String, Object> context) {
        String j = text(context.apply(ORCHESTRATOR_JAR));
        if (j == null) {
            j = System.getenv(JAR_VARIABLE);
        }
        Path jar = Path.of(j == null || j.isBlank() ? DEFAULT_JAR : j).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("the orchestrator image needs " + jar + ", which is missing: build it"
                    + " with ./mvnw -B -q -pl orchestrator-image -am package -DskipTests (cdk.json's app command"
                    + " does), or name it with -c " + ORCHESTRATOR_JAR + "=PATH, or use an image built elsewhere with"
                    + " -c " + WORKFLOW_IMAGE + "=URI (docs/first-run.md)");
        }
        return jar;
    }

    /** The files of the build context, each copied here from the CDK app's resources or from beside the jar. */
    static final List<String> CONTEXT_FILES = List.of("Dockerfile", "wdlbatch-entrypoint.sh", "wdlbatch-cds.sh",
            "cds-launch.sh", "wdlbatch.jar", "wdlbatch.classlist");

    /**
     * A folder holding only what the image is built from (Dockerfile, entrypoint, the archive's dump script and the
     * launchers' {@code cds-launch.sh} it sources, the jar and its class list): the asset's hash is the hash of these
     * files, so the image is rebuilt and pushed exactly when one of them changed. The class list is the one the build
     * writes beside the jar ({@code wdlbatch.classlist}, or {@code lib/wdlbatch.classlist} of a release); without it
     * the image is built without a class-data sharing archive (an empty list; the dump says so).
     */
    static Path buildContext(Path jar) {
        try {
            Path dir = Files.createTempDirectory("wdlbatch-image-");
            for (String resource : List.of("Dockerfile", "wdlbatch-entrypoint.sh", "wdlbatch-cds.sh", "cds-launch.sh")) {
                copyResource("image/" + resource, dir.resolve(resource));
            }
            Files.copy(jar, dir.resolve("wdlbatch.jar"), StandardCopyOption.REPLACE_EXISTING);
            Path classList = classList(jar);
            if (Files.isRegularFile(classList)) {
                Files.copy(classList, dir.resolve("wdlbatch.classlist"), StandardCopyOption.REPLACE_EXISTING);
            } else {
                System.err.println("warning: " + classList + " is missing: the orchestrator image will have no"
                        + " class-data sharing archive (slower starts); ./mvnw package writes it beside the jar");
                Files.writeString(dir.resolve("wdlbatch.classlist"), "");
            }
            for (String f : CONTEXT_FILES) {
                dir.resolve(f).toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the orchestrator image's build context", e);
        }
    }

    /** The class list beside a jar: {@code x.jar} -> {@code x.classlist} (cds-archive.sh, bin/cds-launch.sh). */
    static Path classList(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling((name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name) + ".classlist");
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = OrchestratorImage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the CDK app's jar");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String text(Object v) {
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }
}
