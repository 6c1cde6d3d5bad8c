package org.wdlbatch.cdk;

import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The CDK app: one {@link WdlBatchStack} named {@value #STACK_NAME} (prefixed by {@code namePrefix}).
 * Run by {@code npx cdk synth|deploy} through {@code cdk.json}, or offline with
 * {@code ./mvnw -q -pl orchestrator-image,infra/cdk -am -DskipTests -Dcdk.synth package}, which writes
 * {@code infra/cdk/cdk.out/} (the orchestrator image's build context included; Docker runs only at deploy).
 */
public final class WdlBatchApp {

    public static final String STACK_NAME = "WdlBatch";

    private WdlBatchApp() {}

    public static void main(String[] args) {
        // the cdk CLI sets CDK_OUTDIR; run on its own the app writes cdk.out in the working directory (infra/cdk)
        String outdir = System.getenv().getOrDefault("CDK_OUTDIR", "cdk.out");
        try {
            CloudAssembly assembly = synth(Map.of(), outdir,
                    System.getenv("CDK_DEFAULT_ACCOUNT"), System.getenv("CDK_DEFAULT_REGION"));
            System.err.println("wdlbatch: synthesized " + assembly.getStacks().get(0).getTemplateFullPath());
        } catch (IllegalArgumentException e) {
            System.err.println("wdlbatch cdk: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Builds the app and synthesizes it into {@code outdir}.
     *
     * @param context extra context values (on top of cdk.json and {@code -c} values the CLI passes in)
     * @param account target account, or null for an environment-agnostic template
     * @param region  target region, or null
     */
    public static CloudAssembly synth(Map<String, Object> context, String outdir, String account, String region) {
        App app = new App(AppProps.builder().outdir(outdir).context(context).build());
        WdlBatchSettings settings = ContextSettings.read(app.getNode()::tryGetContext);
        StackProps.Builder props = StackProps.builder()
                .description("wdlbatch: WDL workflows on AWS Batch (queues, EFS, roles, logs, results bucket)");
        if (account != null && region != null) {
            props.env(Environment.builder().account(account).region(region).build());
        }
        new WdlBatchStack(app, stackName(settings), props.build(), settings);
        return app.synth();
    }

    public static String stackName(WdlBatchSettings settings) {
        return settings.namePrefix().isEmpty() ? STACK_NAME : settings.namePrefix() + "-" + STACK_NAME;
    }
}
