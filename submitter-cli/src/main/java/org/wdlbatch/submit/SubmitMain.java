package org.wdlbatch.submit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code submit_awsbatch}: the entry point. Exit status: see {@link SubmitOptions}' help footer. */
public final class SubmitMain {

    static final int EXIT_OK = 0;
    static final int EXIT_AWS_ERROR = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_TOO_LARGE = 123;
    static final String TOO_LARGE_ADVICE = "submit_awsbatch: AWS Batch limits the size of a job request; pass the WDL"
            + " by reference instead: an http(s) URL, or a path under the mount (e.g. copy it, with its imports, to"
            + " EFS) -- and large inputs as an inputs JSON on S3 or EFS (-i s3://... or -i /mnt/efs/...).";

    private SubmitMain() {}

    public static void main(String[] args) {
        // The AWS SDK (and, with --local, S3Proxy and Jetty) log through slf4j: a CLI says what it has to say
        // itself, so slf4j's own no-op provider, chosen explicitly (no "no provider" warning, no Jetty debug lines).
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        int code = run(args, new SubmitSession.Context(System.getenv(), System.out, System.err, null,
                JobWatcher.Timing.fromEnvironment(System.getenv())));
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * picocli registers converters for java.sql and java.time types for every command model it builds, loading
     * each class by name (and java.sql's module): no option here has such a type, and the lookups were a few
     * percent of a cold submission's CPU. A user's own {@code -Dpicocli.converters.excludes} wins.
     */
    static void excludeUnusedConverters() {
        if (System.getProperty("picocli.converters.excludes") == null) {
            // one regex: picocli compiles each for each converter it checks
            System.setProperty("picocli.converters.excludes", "java\\.(?:sql|time)\\..*");
        }
    }

    /** Runs one command line; returns the exit status. */
    static int run(String[] argv, SubmitSession.Context given) {
        // miniwdl-aws users' MINIWDL__* variables, read (and passed to the workflow job) as our WDLBATCH__* ones
        List<String> withoutEffect = new ArrayList<>();
        SubmitSession.Context ctx = new SubmitSession.Context(
                org.wdlbatch.engine.config.MiniwdlSettings.asWdlbatchVariables(given.env(), withoutEffect),
                given.out(), given.err(), given.aws(), given.timing());
        if (!withoutEffect.isEmpty()) {
            ctx.err().println("submit_awsbatch: warning: " + withoutEffect.size() + " MINIWDL__ variable(s) have no"
                    + " effect here: " + String.join("; ", withoutEffect));
        }
        SubmitOptions o = new SubmitOptions();
        List<String> args = new ArrayList<>();
        // --local=DIR carries its folder; a bare --local never takes the next argument (that is the WDL)
        for (String a : argv) {
            if (a.startsWith("--local=")) {
                o.localDir = a.substring("--local=".length());
                if (o.localDir.isBlank()) {
                    ctx.err().println("submit_awsbatch: --local= needs a folder, e.g. --local=./wdlbatch-local");
                    return EXIT_USAGE;
                }
            } else {
                args.add(a);
            }
        }
        CommandLine cl = commandLine(o);
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        try {
            cl.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            ctx.err().println("submit_awsbatch: " + e.getMessage() + " (see submit_awsbatch --help)");
            return EXIT_USAGE;
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(ctx.out());
            return EXIT_OK;
        }
        if (cl.isVersionHelpRequested()) {
            ctx.out().println(org.wdlbatch.aws.BuildInfo.versionLine("submit_awsbatch"));
            return EXIT_OK;
        }
        try {
            return o.check ? new CheckCommand(o, ctx).run() : new SubmitSession(o, ctx).run();
        } catch (UsageException e) {
            ctx.err().println("submit_awsbatch: " + e.getMessage());
            ctx.err().println("submit_awsbatch: nothing was submitted");
            return EXIT_USAGE;
        } catch (SdkException e) {
            ctx.err().println("submit_awsbatch: " + AwsClients.explain(e));
            return EXIT_AWS_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    static CommandLine commandLine(SubmitOptions o) {
        excludeUnusedConverters();
        CommandLine cl = new CommandLine(o);
        // everything that is not a submit_awsbatch option goes to `wdlbatch run` (RunArguments checks it)
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setUnmatchedArgumentsAllowed(false);
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setExpandAtFiles(false); // an input value may start with @
        return cl;
    }

    /** The submitter's own option names, for "did you mean" hints. */
    static List<String> optionNames(SubmitOptions o) {
        // the model picocli built for the parse; a second one would cost as much again at start-up
        CommandLine.Model.CommandSpec model = o.spec != null ? o.spec : new CommandLine(new SubmitOptions()).getCommandSpec();
        List<String> names = new ArrayList<>();
        for (OptionSpec spec : model.options()) {
            names.addAll(List.of(spec.names()));
        }
        names.add("--local");
        return names;
    }

    /**
     * The orchestrator image of this version where the Jib command of docs/workflow-job.md pushes it: the ECR repository
     * {@code wdlbatch} of the workflow role's account in this region; without those, the name Jib builds locally.
     * [aws] workflow_image or --image choose another.
     */
    static String defaultImage(String workflowRoleArn, String region) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):.*")
                .matcher(workflowRoleArn == null ? "" : workflowRoleArn);
        if (m.matches() && region != null) {
            return m.group(1) + ".dkr.ecr." + region + ".amazonaws.com/wdlbatch:" + version();
        }
        return "wdlbatch-orchestrator:" + version();
    }

    static String version() {
        try (InputStream in = SubmitMain.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "latest");
        } catch (IOException e) {
            return "latest";
        }
    }

}
