package org.wdlbatch.submit;

import java.util.List;
import org.wdlbatch.submit.check.AccountCheck;
import org.wdlbatch.submit.check.CheckClients;
import org.wdlbatch.submit.check.CheckLine;
import org.wdlbatch.submit.check.CheckTarget;

/**
 * {@code submit_awsbatch --check}: the names from the options and {@code WDLBATCH__AWS__*} variables, the account
 * checked by {@link AccountCheck}, the checklist on stdout. Exit 0 only when a run would start.
 */
final class CheckCommand {

    private final SubmitOptions o;
    private final SubmitSession.Context ctx;

    CheckCommand(SubmitOptions o, SubmitSession.Context ctx) {
        this.o = o;
        this.ctx = ctx;
    }

    int run() throws UsageException {
        if (!o.passthrough.isEmpty()) {
            throw new UsageException("--check takes no WDL or inputs (it checks the account, not a workflow): "
                    + String.join(" ", o.passthrough));
        }
        if (o.local || o.localDir != null || o.selfTest) {
            throw new UsageException("--check checks an AWS account; leave out " + (o.selfTest ? "--self-test"
                    : "--local"));
        }
        if (!o.noEnv) {
            ConfigKeys.check(ctx.env());
        }
        boolean efs = !o.noEfs && !isFalse(env("aws.efs"));
        try (AwsClients aws = ctx.aws() != null ? ctx.aws().get() : AwsClients.fromEnvironment(ctx.env())) {
            String region = aws.regionName();
            CheckTarget target = new CheckTarget(or(o.workflowQueue, "aws.workflow_queue"),
                    or(o.taskQueue, "aws.task_queue"), or(o.taskQueueFallback, "aws.task_queue_fallback"), efs,
                    or(o.fsap, "aws.fsap"), or(o.workflowRole, "aws.workflow_role"), or(o.image, "aws.workflow_image"),
                    or(o.s3upload, "aws.s3upload"), role -> SubmitMain.defaultImage(role, region));
            CheckClients clients = new CheckClients(aws::batch, aws::efs, aws::ecr, aws::s3, aws::logs, region);
            List<CheckLine> lines = new AccountCheck(clients, target).run();
            for (CheckLine l : lines) {
                ctx.out().println(l.render());
            }
            boolean ok = AccountCheck.passes(lines);
            ctx.out().println(ok ? "a run would start: submit_awsbatch --workflow-queue " + target.workflowQueue()
                    + " WDL [key=value ...]" : "a run would not start: fix the FAIL lines above, then check again");
            ctx.out().flush();
            return ok ? SubmitMain.EXIT_OK : SubmitMain.EXIT_AWS_ERROR;
        }
    }

    private String or(String flag, String key) {
        return flag != null ? flag : env(key);
    }

    private String env(String key) {
        String v = ctx.env().get(ConfigKeys.variableOf(key));
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static boolean isFalse(String v) {
        return v != null && List.of("false", "f", "0", "no", "n", "off").contains(v.toLowerCase(java.util.Locale.ROOT));
    }
}
