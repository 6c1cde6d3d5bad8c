package org.wdlbatch.submit;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of {@code submit_awsbatch}, as picocli reads it. Only what the user typed: nothing here is
 * defaulted from the environment or the queue's tags (that is {@link SettingsResolver}'s job), so a null field means
 * "not given on the command line".
 */
@Command(name = "submit_awsbatch", sortOptions = false, usageHelpAutoWidth = true,
        headerHeading = "", synopsisHeading = "Usage: ",
        customSynopsis = "submit_awsbatch [OPTIONS] WDL [key=value ...] [wdlbatch run options]",
        description = {
            "Run a WDL workflow on AWS Batch. Submits a workflow job that runs",
            "`wdlbatch run ... --backend aws-batch` on the workflow queue; it runs each",
            "task as a job on the task queue, all sharing a run directory on EFS.",
            "Prints the workflow job's id on stdout, everything else on stderr.",
            "",
            "Every argument that is not an option below goes to `wdlbatch run`: the WDL,",
            "inputs as key=value, -i inputs.json (a local one is sent along), --task,",
            "--no-cache, --copy-input-files, --error-json, --verbose. A local .wdl is",
            "checked and shipped inside the job request with its imports; a .zip bundle",
            "(`wdlbatch zip`) as is; a URL or a path under the mount is passed as given.",
            "",
            "The WDL and its inputs are checked here as `wdlbatch run` checks them",
            "(names, types, required inputs, files the workflow job can see) before",
            "anything is submitted.",
            "",
            "Settings come from the options, else WDLBATCH__SECTION__KEY environment",
            "variables [in brackets], else tags of the workflow queue (set by the CDK",
            "stack). The shell's other WDLBATCH__* variables go to the workflow job.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  # no AWS account needed: a local AWS (aws-emulator) runs it all here",
            "  submit_awsbatch --local examples/hello.wdl names=Alice names=Bob --follow",
            "",
            "  # AWS: queues and EFS from the queue's tags, results to S3, log followed",
            "  submit_awsbatch --workflow-queue wdl-workflows pipeline.wdl \\",
            "      -i inputs.json --s3upload s3://my-bucket/runs/ --follow",
            "",
            "  # nightly cron: settings from the environment, exit with the workflow's",
            "  export WDLBATCH__AWS__WORKFLOW_QUEUE=wdl-workflows",
            "  submit_awsbatch https://example.org/wf.wdl in=s3://my-bucket/a.bam --wait",
            "",
            "  # continue a run whose workflow job was lost (finished calls kept,",
            "  # running task jobs re-attached, nothing paid twice)",
            "  submit_awsbatch --resume /mnt/efs/wdlbatch_run/20261204_101500_align --follow",
            "",
            "  # check the account before the first run: a checklist, nothing submitted",
            "  submit_awsbatch --workflow-queue wdl-workflows --check",
            "",
            "  # check the AWS side: a small built-in workflow, followed",
            "  submit_awsbatch --workflow-queue wdl-workflows --self-test",
            "",
            "Exit status: 0 submitted; with --wait/--follow the workflow job's own exit",
            "status; 2 bad options or settings (nothing submitted); 123 the WDL does",
            "not fit in a job request (pass it by URL or EFS path); 1 an AWS error."})
final class SubmitOptions {

    /** picocli's model of these options, set when picocli builds it (the option names come from here). */
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;


    // --- AWS Batch
    @Option(names = "--workflow-queue", paramLabel = "QUEUE", order = 1,
            description = "job queue of the workflow job [WDLBATCH__AWS__WORKFLOW_QUEUE]")
    String workflowQueue;

    @Option(names = "--task-queue", paramLabel = "QUEUE", order = 2,
            description = "job queue of the task jobs [WDLBATCH__AWS__TASK_QUEUE, tag DefaultTaskQueue]")
    String taskQueue;

    @Option(names = "--task-queue-fallback", paramLabel = "QUEUE", order = 3,
            description = "on-demand queue for task jobs after spot reclaims"
                    + " [WDLBATCH__AWS__TASK_QUEUE_FALLBACK, tag DefaultTaskQueueFallback]")
    String taskQueueFallback;

    @Option(names = "--gpu-task-queue", paramLabel = "QUEUE", order = 3,
            description = "job queue with GPU instances for GPU tasks"
                    + " [WDLBATCH__AWS__GPU_TASK_QUEUE, tag DefaultGpuTaskQueue; the stack's with -c gpu=true]")
    String gpuTaskQueue;

    @Option(names = "--fsap", paramLabel = "fsap-ID", order = 4,
            description = "EFS access point the jobs mount [WDLBATCH__AWS__FSAP, tag DefaultFsap]")
    String fsap;

    @Option(names = {"--no-efs", "--no-EFS"}, order = 5,
            description = "no EFS: the compute environments mount a shared file system at --mount themselves"
                    + " [WDLBATCH__AWS__EFS=false]")
    boolean noEfs;

    @Option(names = "--mount", paramLabel = "PATH", order = 6,
            description = "where the shared file system is mounted in every job"
                    + " [WDLBATCH__FILE_IO__ROOT; default /mnt/efs, /mnt/net with --no-efs]")
    String mount;

    // --- the workflow job
    @Option(names = "--workflow-role", paramLabel = "ARN", order = 10,
            description = "IAM role the workflow job runs as (execution and job role)"
                    + " [WDLBATCH__AWS__WORKFLOW_ROLE, tag WorkflowEngineRoleArn]")
    String workflowRole;

    @Option(names = "--task-job-role", paramLabel = "ARN", order = 11,
            description = "IAM role the task containers run as ([aws] task_job_role; the workflow role needs"
                    + " iam:PassRole on it), or none for no role even when the queue's tag names one"
                    + " [WDLBATCH__AWS__TASK_JOB_ROLE, tag DefaultTaskJobRoleArn; default none]")
    String taskJobRole;

    @Option(names = "--name", paramLabel = "NAME", order = 12,
            description = "workflow job name [wdlbatch-<WDL file name>]")
    String name;

    @Option(names = "--cpu", paramLabel = "N", order = 13,
            description = "vCPUs of the workflow job [WDLBATCH__AWS__WORKFLOW_CPU; default 1]")
    String cpu;

    @Option(names = "--memory-GiB", paramLabel = "N", order = 14,
            description = "memory of the workflow job in GiB [WDLBATCH__AWS__WORKFLOW_MEMORY_GIB; default 4]")
    String memoryGiB;

    @Option(names = "--image", paramLabel = "IMAGE", order = 15,
            description = "image of the workflow job [WDLBATCH__AWS__WORKFLOW_IMAGE; default the workflow queue's tag"
                    + " WorkflowImage (the image `cdk deploy` published), else ACCOUNT.dkr.ecr.REGION.amazonaws.com"
                    + "/wdlbatch:VERSION, the account of the workflow role]")
    String image;

    @Option(names = "--no-env", order = 16,
            description = "do not pass this shell's WDLBATCH__* variables to the workflow job")
    boolean noEnv;

    @Option(names = "--no-public-ip", order = 17,
            description = "no public IP for the workflow job (its subnets reach AWS through a NAT gateway)"
                    + " [WDLBATCH__AWS__WORKFLOW_PUBLIC_IP=false]")
    boolean noPublicIp;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", order = 18,
            description = "tag the workflow job, its Fargate task and every task job (cost attribution; repeatable;"
                    + " wins over the same key of [aws] tags) [WDLBATCH__AWS__TAGS, a JSON object]")
    List<String> tags = new ArrayList<>();

    @Option(names = "--share-identifier", paramLabel = "ID", order = 19,
            description = "fair-share identifier of the workflow job (required by a workflow queue with a scheduling"
                    + " policy, refused by one without), and of the task jobs when their queue has a policy"
                    + " [WDLBATCH__AWS__SHARE_IDENTIFIER; WDLBATCH__AWS__TASK_SHARE_IDENTIFIER for the task jobs]")
    String shareIdentifier;

    @Option(names = "--scheduling-priority", paramLabel = "N", order = 19,
            description = "schedulingPriorityOverride of the workflow job on a fair-share queue, 0 to 9999"
                    + " [WDLBATCH__AWS__SCHEDULING_PRIORITY]")
    String schedulingPriority;

    @Option(names = "--notify-sns", paramLabel = "TOPIC_ARN", order = 19,
            description = "publish a message to this SNS topic when the run starts and when it ends (status, run"
                    + " directory, S3 folder, duration, failed call; docs/notifications.md) [WDLBATCH__NOTIFY__SNS_TOPIC;"
                    + " WDLBATCH__NOTIFY__EVENTBRIDGE_BUS for EventBridge]")
    String notifySns;

    // --- run directory and outputs
    @Option(names = "--dir", paramLabel = "DIR", order = 20,
            description = "where run directories are made, under the mount [WDLBATCH__AWS__RUN_DIR;"
                    + " default <mount>/wdlbatch_run]")
    String dir;

    @Option(names = "--s3upload", paramLabel = "s3://BUCKET/PREFIX/", order = 21,
            description = "upload the workflow log, outputs.json (with s3:// URIs), output files and error.json"
                    + " (with the failed call's files) to PREFIX/<run name>/: the run's name is always appended,"
                    + " with or without a trailing '/', and no object of another run is overwritten"
                    + " [WDLBATCH__AWS__S3UPLOAD]")
    String s3upload;

    @Option(names = "--delete-after", paramLabel = "success|failure|always", order = 22,
            description = "with --s3upload, delete the run directory on EFS afterwards, only once every"
                    + " uploaded file is confirmed in S3 [WDLBATCH__AWS__DELETE_AFTER]")
    String deleteAfter;

    // --- after submitting
    @Option(names = {"-w", "--wait"}, order = 30,
            description = "wait for the workflow job to end; exit with its exit status")
    boolean waitForJob;

    @Option(names = {"-f", "--follow"}, order = 31,
            description = "like --wait, and print the workflow log (on stderr) as it is written")
    boolean follow;

    @Option(names = "--self-test", order = 32,
            description = "run a small built-in workflow (implies --follow) to check the AWS side")
    boolean selfTest;

    @Option(names = "--check", order = 34,
            description = "check the account as a run would use it (queues, compute environments, tags, EFS, role,"
                    + " image in ECR, S3 upload bucket, log group) and print a checklist; exit 0 only when a run"
                    + " would start. Takes no WDL")
    boolean check;

    @Option(names = "--resume", order = 35, paramLabel = "RUN_DIR",
            description = "continue that run (a run directory under the mount) in a new workflow job: finished calls"
                    + " are kept, its task jobs re-attached, the rest run; give no WDL or inputs (the run kept them)")
    String resume;

    @Option(names = "--local", order = 33, paramLabel = "DIR",
            description = "--local[=DIR]: dry run with no AWS account: a local AWS (aws-emulator) in this process"
                    + " with its data in DIR (default ./wdlbatch-local), DIR/efs as the mount, S3 objects under"
                    + " DIR/s3; implies --wait")
    boolean local;

    /** Set from {@code --local=DIR} by {@link SubmitMain} (picocli would take the WDL after a bare --local). */
    String localDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 40, description = "show this help and exit")
    boolean help;

    @Option(names = "--version", versionHelp = true, order = 41, description = "print the version and git commit")
    boolean version;

    @Parameters(paramLabel = "WDL [ARGS]", hidden = true)
    List<String> passthrough = new ArrayList<>();
}
