package org.wdlbatch.submit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.ShippedWdl;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One {@code submit_awsbatch} session: settings, the WDL, the workflow job's requests, SubmitJob, then optionally
 * waiting.
 */
final class SubmitSession {

    /** Where the submitter runs: its environment, streams and AWS (null: the SDK's usual chains). */
    record Context(Map<String, String> env, PrintStream out, PrintStream err, Supplier<AwsClients> aws,
            JobWatcher.Timing timing) {}

    static final String BACKEND = "aws-batch";
    static final String TASK_JOB_ROLE_VARIABLE = ConfigKeys.variableOf("aws.task_job_role");

    private final SubmitOptions o;
    private final Context ctx;
    private final PrintStream err;
    private volatile LocalAws localAws;

    SubmitSession(SubmitOptions o, Context ctx) {
        this.o = o;
        this.ctx = ctx;
        this.err = ctx.err();
    }

    int run() throws UsageException, InterruptedException {
        boolean local = o.local || o.localDir != null;
        try {
            AwsClients aws;
            String defaultQueue = null;
            String defaultMount = null;
            if (local) {
                Path dir = Path.of(o.localDir != null ? o.localDir : "wdlbatch-local").toAbsolutePath().normalize();
                localAws = LocalAws.start(dir, LocalAws.repoRoot(), 50);
                aws = AwsClients.at(localAws.endpoint(), localAws.region());
                defaultQueue = AwsNames.DEFAULT_WORKFLOW_QUEUE;
                defaultMount = localAws.efsFolder().toString();
                err.println("submit_awsbatch: local AWS (aws-emulator) at " + localAws.endpoint() + ", data in " + dir
                        + " (run directories under " + defaultMount + ", S3 buckets under " + dir.resolve("s3") + ")");
            } else {
                aws = ctx.aws() != null ? ctx.aws().get() : AwsClients.fromEnvironment(ctx.env());
            }
            prebuildBatchClient(aws);
            try {
                return submit(aws, defaultQueue, defaultMount, local);
            } finally {
                aws.close();
            }
        } finally {
            if (localAws != null) {
                localAws.close();
            }
        }
    }

    /**
     * Builds the Batch client on its own thread while this one reads the configuration and the command line: on a
     * cold JVM the SDK's client set-up is a tenth of a submission's time, and every path below needs the client.
     * A build that fails here is left to fail again, with its message, where the client is first used.
     */
    private static void prebuildBatchClient(AwsClients aws) {
        Thread t = new Thread(() -> {
            try {
                aws.batch();
            } catch (RuntimeException e) {
                // reported by the first real use
            }
        }, "batch-client");
        t.setDaemon(true);
        t.start();
    }

    private int submit(AwsClients aws, String defaultQueue, String defaultMount, boolean local)
            throws UsageException, InterruptedException {
        if (!o.noEnv) {
            ConfigKeys.check(ctx.env());
        }
        SettingsResolver resolver = new SettingsResolver(o, ctx.env());
        String mount = resolver.mount(defaultMount);
        if (o.resume != null) {
            return submitResume(aws, defaultQueue, defaultMount, local, resolver, mount);
        }
        RunArguments.Parsed args = o.selfTest ? new RunArguments.Parsed(null, selfTestTakesNoArguments())
                : RunArguments.parse(o.passthrough, mount, SubmitMain.optionNames(o), ctx.env());
        // parsing and checking the WDL is CPU work: it overlaps the AWS round trips of the settings
        CompletableFuture<Object> wdlFuture = CompletableFuture.supplyAsync(() -> {
            try {
                return o.selfTest ? WdlSource.selfTest() : WdlSource.of(args.wdl(), mount, args.importPath());
            } catch (UsageException e) {
                return e;
            }
        });
        Settings s = resolver.resolve(aws, defaultQueue, defaultMount);
        WdlSource wdl = awaitWdl(wdlFuture);
        // validate before paying: the inputs as `wdlbatch run` would check them, before anything is registered
        SubmitValidation.check(wdl, o.selfTest ? null : args.wdl(), args.rest(), s.mount(), err, args.importPath());
        String jobName = jobName(wdl);
        return submitJob(aws, s, wdl, jobName, command(wdl, args.rest(), s), args.rest().contains("--verbose"),
                local);
    }

    /**
     * {@code --resume RUN_DIR}: a workflow job that runs {@code wdlbatch run --resume RUN_DIR}. The run directory
     * holds the WDL and the inputs; only the run options (--verbose, --no-cache) may be given.
     */
    private int submitResume(AwsClients aws, String defaultQueue, String defaultMount, boolean local,
            SettingsResolver resolver, String mount) throws UsageException, InterruptedException {
        for (String a : o.passthrough) {
            if (!a.equals("--verbose") && !a.equals("--no-cache")) {
                throw new UsageException("--resume " + o.resume + " continues that run with the WDL and inputs it"
                        + " kept: give no WDL, inputs or run options (got " + a + ")");
            }
        }
        Path runDir = Path.of(o.resume).toAbsolutePath().normalize();
        if (!runDir.startsWith(Path.of(mount)) || runDir.equals(Path.of(mount))) {
            throw new UsageException("--resume " + o.resume + ": a run directory is resumed by a workflow job, which"
                    + " sees only the mount " + mount + "; give the run directory's path under it");
        }
        if (Files.isDirectory(Path.of(mount)) && !Files.isRegularFile(runDir.resolve("run.json"))) {
            throw new UsageException("--resume " + o.resume + ": not a run directory that can be resumed (no"
                    + " run.json in it)");
        }
        Settings s = resolver.resolve(aws, defaultQueue, defaultMount);
        String name = runDir.getFileName().toString();
        WdlSource wdl = new WdlSource(null, null, name);
        List<String> command = new ArrayList<>(List.of("wdlbatch", "run", "--resume", runDir.toString()));
        command.addAll(o.passthrough);
        command.addAll(List.of("--backend", BACKEND));
        if (s.s3upload() != null) {
            command.addAll(List.of("--s3upload", s.s3upload()));
        }
        if (s.deleteAfter() != null) {
            command.addAll(List.of("--delete-after", s.deleteAfter()));
        }
        String jobName = o.name != null ? jobName(wdl)
                : ("wdlbatch-resume-" + name.replaceAll("[^A-Za-z0-9_-]", "_"));
        return submitJob(aws, s, wdl, jobName.length() > 128 ? jobName.substring(0, 128) : jobName, command,
                o.passthrough.contains("--verbose"), local);
    }

    private int submitJob(AwsClients aws, Settings s, WdlSource wdl, String jobName, List<String> command,
            boolean verbose, boolean local) throws UsageException, InterruptedException {
        if (o.selfTest || o.follow || verbose) {
            for (String p : s.provenance()) {
                err.println("submit_awsbatch: " + p);
            }
        }
        Map<String, String> env = environment(s);
        Map<String, String> tags = WorkflowJobTags.resolve(o.tags, ctx.env());
        if (!tags.isEmpty()) {
            env.put(ConfigKeys.variableOf(WorkflowJobTags.CONFIG_KEY), WorkflowJobTags.json(tags)); // to task jobs
        }
        FairShare fairShare = FairShare.resolve(o.shareIdentifier, o.schedulingPriority, ctx.env(), aws.batch(), s);
        fairShare.applyTo(env);
        NotifySettings.apply(o.notifySns, ctx.env(), env);
        WorkflowJobRequest job;
        try {
            job = new WorkflowJobRequest(s, jobName, command, env, wdl, tags).scheduling(fairShare);
        } catch (ShippedWdl.TooLargeException e) {
            err.println("submit_awsbatch: " + wdl.name() + " is too large to ship in the job request: "
                    + e.getMessage() + ".");
            err.println(SubmitMain.TOO_LARGE_ADVICE);
            return SubmitMain.EXIT_TOO_LARGE;
        }
        if (job.overridesChars() + WorkflowJobRequest.BATCH_VARIABLES_RESERVE > WorkflowJobRequest.OVERRIDES_LIMIT) {
            err.println("submit_awsbatch: the command and environment of the workflow job take "
                    + job.overridesChars() + " characters; AWS Batch allows " + (WorkflowJobRequest.OVERRIDES_LIMIT
                    - WorkflowJobRequest.BATCH_VARIABLES_RESERVE) + ".");
            err.println(SubmitMain.TOO_LARGE_ADVICE);
            return SubmitMain.EXIT_TOO_LARGE;
        }
        if (s.s3upload() != null) {
            checkBucket(aws, s.s3upload(), local);
        }
        if (wdl.shipped()) {
            ShippedWdl.Parts p = job.parts();
            err.println("submit_awsbatch: WDL " + wdl.name() + " shipped in the job request (" + wdl.bundle().length
                    + " bytes zipped, " + p.chars() + " characters compressed"
                    + (p.jobTags().isEmpty() ? "" : ", " + (p.jobTags().size() + p.jobDefinitionTags().size())
                    + " tags") + ")");
        } else if (wdl.argument() != null) {
            err.println("submit_awsbatch: WDL " + wdl.argument() + " (read by the workflow job itself)");
        } else {
            err.println("submit_awsbatch: resuming the run " + o.resume + " (its WDL and inputs are in it)");
        }

        String jobId = register(aws.batch(), job);
        ctx.out().println(jobId);
        ctx.out().flush();
        err.println("submit_awsbatch: submitted " + jobName + " to " + s.workflowQueue() + " (tasks on "
                + s.taskQueue() + (s.taskJobRole() == null || s.taskJobRole().isEmpty() ? "" : " as " + s.taskJobRole()) + "): job " + jobId);
        err.println("submit_awsbatch: run directory under " + s.dir() + (s.s3upload() == null ? ""
                : "; results to " + s.s3upload().replaceAll("/*$", "/") + "<run name>/"));
        boolean follow = o.follow || o.selfTest;
        boolean wait = follow || o.waitForJob || local;
        if (!wait) {
            err.println("submit_awsbatch: status: aws batch describe-jobs --jobs " + jobId
                    + (aws.regionName() == null ? "" : "; console: https://" + aws.regionName()
                    + ".console.aws.amazon.com/batch/home?region=" + aws.regionName() + "#jobs/detail/" + jobId));
            return SubmitMain.EXIT_OK;
        }
        JobWatcher watcher = new JobWatcher(aws, err, ctx.timing()).uploadsTo(s.s3upload());
        Thread onCtrlC = new Thread(() -> {
            if (!JobWatcher.isTerminal(software.amazon.awssdk.services.batch.model.JobStatus.fromValue(
                    watcher.lastStatus()))) {
                err.println();
                if (local) {
                    err.println("submit_awsbatch: interrupted: the local run stops with this process (its files stay"
                            + " in " + s.mount() + ")");
                    LocalAws l = localAws;
                    if (l != null) {
                        l.close(); // stops the local jobs' processes
                    }
                } else {
                    err.println("submit_awsbatch: interrupted; the workflow job " + jobId + " keeps running. To stop"
                            + " it (and its task jobs):\n    aws batch terminate-job --job-id " + jobId
                            + " --reason 'terminated by user'");
                }
                err.flush();
            }
        }, "submit_awsbatch-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return watcher.watch(jobId, follow);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook runs
            }
        }
    }

    private static WdlSource awaitWdl(CompletableFuture<Object> f) throws UsageException {
        Object r;
        try {
            r = f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        if (r instanceof UsageException u) {
            throw u;
        }
        return (WdlSource) r;
    }

    /** RegisterJobDefinition, SubmitJob, and the one-off definition deregistered whatever happened. */
    private static String register(BatchClient batch, WorkflowJobRequest job) {
        RegisterJobDefinitionResponse def = batch.registerJobDefinition(job.jobDefinition());
        try {
            return batch.submitJob(job.submit(def.jobDefinitionArn())).jobId();
        } finally {
            batch.deregisterJobDefinition(b -> b.jobDefinition(def.jobDefinitionArn()));
        }
    }

    /** --self-test brings its own WDL and inputs: anything else given would be silently dropped, so refuse it. */
    private List<String> selfTestTakesNoArguments() throws UsageException {
        if (!o.passthrough.isEmpty()) {
            throw new UsageException("--self-test runs a built-in workflow and takes no WDL or inputs (got "
                    + String.join(" ", o.passthrough) + ")");
        }
        return List.of();
    }

    /** {@code wdlbatch run WDL args... --dir DIR --backend aws-batch [--s3upload URI] [--delete-after POLICY]} */
    static List<String> command(WdlSource wdl, List<String> rest, Settings s) {
        List<String> c = new ArrayList<>(List.of("wdlbatch", "run", wdl.argument()));
        c.addAll(rest);
        c.addAll(List.of("--dir", s.dir(), "--backend", BACKEND));
        if (s.s3upload() != null) {
            c.addAll(List.of("--s3upload", s.s3upload()));
        }
        if (s.deleteAfter() != null) {
            c.addAll(List.of("--delete-after", s.deleteAfter()));
        }
        return c;
    }

    /** The user's WDLBATCH__* variables (not launch-only ones; none with --no-env), then what the orchestrator needs. */
    Map<String, String> environment(Settings s) {
        Map<String, String> env = new TreeMap<>();
        if (s.passEnv()) {
            for (Map.Entry<String, String> e : ctx.env().entrySet()) {
                String key = ConfigKeys.keyOf(e.getKey());
                if (key != null && !SettingsResolver.LAUNCH_ONLY.contains(key)) {
                    env.put(e.getKey(), e.getValue());
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>(env);
        out.put("WDLBATCH__AWS__TASK_QUEUE", s.taskQueue());
        if (s.taskQueueFallback() != null) {
            out.put("WDLBATCH__AWS__TASK_QUEUE_FALLBACK", s.taskQueueFallback());
        } else {
            out.remove("WDLBATCH__AWS__TASK_QUEUE_FALLBACK");
        }
        if (s.gpuTaskQueue() != null) {
            out.put("WDLBATCH__AWS__GPU_TASK_QUEUE", s.gpuTaskQueue());
        }
        if (s.efs()) {
            out.put("WDLBATCH__AWS__FSAP", s.fsap());
            out.put("WDLBATCH__AWS__FS", s.fileSystemId());
        } else {
            out.put("WDLBATCH__AWS__EFS", "false");
            out.remove("WDLBATCH__AWS__FSAP");
            out.remove("WDLBATCH__AWS__FS");
        }
        // [aws] task_job_role of the orchestrator: from --task-job-role, the variable (passed on above anyway) or the
        // tag; empty after --task-job-role none, which also hides a role the submitter's environment names
        if (s.taskJobRole() != null) {
            out.put(TASK_JOB_ROLE_VARIABLE, s.taskJobRole());
        }
        out.put("WDLBATCH__FILE_IO__ROOT", s.mount());
        return out;
    }

    private String jobName(WdlSource wdl) throws UsageException {
        if (o.name != null) {
            if (!o.name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,127}")) {
                throw new UsageException("--name " + o.name + ": a job name is 1 to 128 letters, digits, - and _,"
                        + " starting with a letter or digit");
            }
            return o.name;
        }
        String stem = wdl.name();
        int dot = stem.indexOf('.');
        if (dot > 0) {
            stem = stem.substring(0, dot);
        }
        stem = stem.replaceAll("[^A-Za-z0-9_-]", "_");
        String name = "wdlbatch-" + stem;
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    /** S3: a missing bucket fails now (exit 2); with --local the bucket is made, as a dry run has no other way. */
    private void checkBucket(AwsClients aws, String s3upload, boolean local) throws UsageException {
        String rest = s3upload.substring("s3://".length());
        String bucket = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        try {
            aws.s3().headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            missingBucket(aws, bucket, local);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                missingBucket(aws, bucket, local);
            }
            // 403 and the like: this user may not see the bucket, but the workflow role may; the job checks
        }
    }

    private void missingBucket(AwsClients aws, String bucket, boolean local) throws UsageException {
        if (!local) {
            throw new UsageException("--s3upload: the bucket " + bucket + " does not exist");
        }
        aws.s3().createBucket(b -> b.bucket(bucket));
        err.println("submit_awsbatch: created bucket " + bucket + " in the local S3");
    }
}
