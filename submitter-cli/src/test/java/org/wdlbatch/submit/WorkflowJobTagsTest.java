package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * {@code --tag} and {@code [aws] tags} on the workflow job: on its SubmitJob and job definition with propagateTags
 * (so its Fargate task is tagged), passed on to every task job, and the 50-tag budget they share with the shipped
 * WDL. Against the emulator with this build's orchestrator as the workflow job.
 */
class WorkflowJobTagsTest {

    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static BatchClient batch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clients() {
        batch = SubmitCli.batch(AWS.emulator());
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    private static JobDetail job(String id) {
        return batch.describeJobs(b -> b.jobs(id)).jobs().get(0);
    }

    private static JobDefinition definition(JobDetail job) {
        return batch.describeJobDefinitions(b -> b.jobDefinitions(job.jobDefinition())).jobDefinitions().get(0);
    }

    @Test
    void tagsGoOnTheWorkflowJobItsDefinitionAndEveryTaskJobPropagated() {
        SubmitCli.Result r = EmulatorRuns.cli(AWS.emulator())
                .env("WDLBATCH__AWS__TAGS", "{\"team\": \"bio\", \"project\": \"from-config\"}")
                .run("--tag", "project=genomics", "--tag", "cost center=CC 42", EXAMPLES.resolve("hello.wdl").toString(),
                        "names=Alice", "--dir", EmulatorRuns.dir(AWS.emulator(), "tagged"), "--wait");
        assertThat(r.exit()).as(r.err()).isZero();

        JobDetail wf = job(r.jobId());
        // the flag wins over the same key of [aws] tags
        assertThat(wf.tags()).containsEntry("project", "genomics").containsEntry("team", "bio")
                .containsEntry("cost center", "CC 42").containsKey("wdlbatch:wdl");
        assertThat(wf.propagateTags()).isTrue();
        JobDefinition def = definition(wf);
        assertThat(def.tags()).containsEntry("project", "genomics").containsEntry("team", "bio");
        assertThat(def.propagateTags()).isTrue();

        List<JobDetail> tasks = new ArrayList<>();
        for (JobSummary s : SubmitCli.jobs(batch, AwsNames.DEFAULT_TASK_QUEUE)) {
            JobDetail t = job(s.jobId());
            if (r.jobId().equals(t.tags().get("wdlbatch:parent-job"))) {
                tasks.add(t);
            }
        }
        assertThat(tasks).isNotEmpty();
        for (JobDetail t : tasks) {
            assertThat(t.tags()).containsEntry("project", "genomics").containsEntry("team", "bio")
                    .containsEntry("cost center", "CC 42").containsKey("wdlbatch:call");
            assertThat(t.propagateTags()).isTrue();
        }
    }

    @Test
    void withoutTagsNothingIsPropagated() {
        SubmitCli.Result r = EmulatorRuns.cli(AWS.emulator()).run(EXAMPLES.resolve("hello.wdl").toString(),
                "names=Alice", "--dir", EmulatorRuns.dir(AWS.emulator(), "untagged"));
        assertThat(r.exit()).as(r.err()).isZero();
        JobDetail wf = job(r.jobId());
        assertThat(wf.propagateTags()).isFalse();
        assertThat(wf.tags()).containsOnlyKeys("wdlbatch:wdl", "wdlbatch:run-dir");
    }

    @Test
    void aTagAwsRefusesFailsBeforeAnythingIsSubmitted() {
        int before = SubmitCli.jobs(batch, AwsNames.DEFAULT_WORKFLOW_QUEUE).size();
        SubmitCli.Result bad = EmulatorRuns.cli(AWS.emulator())
                .run("--tag", "aws:owner=me", EXAMPLES.resolve("hello.wdl").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--tag aws:owner=me", "reserved for AWS");
        SubmitCli.Result chars = EmulatorRuns.cli(AWS.emulator()).env("WDLBATCH__AWS__TAGS", "{\"owner\": \"a<b>\"}")
                .run(EXAMPLES.resolve("hello.wdl").toString());
        assertThat(chars.exit()).isEqualTo(2);
        assertThat(chars.err()).contains("WDLBATCH__AWS__TAGS", "owner", "character ECS does not accept");
        SubmitCli.Result noValue = EmulatorRuns.cli(AWS.emulator()).run("--tag", "owner",
                EXAMPLES.resolve("hello.wdl").toString());
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err()).contains("--tag owner: give KEY=VALUE");
        assertThat(SubmitCli.jobs(batch, AwsNames.DEFAULT_WORKFLOW_QUEUE)).hasSize(before);
    }

    @Test
    void moreTagsThanATaskJobHasRoomForFailBeforeSubmission() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 47; i++) {
            args.addAll(List.of("--tag", "k" + i + "=v"));
        }
        args.add(EXAMPLES.resolve("hello.wdl").toString());
        SubmitCli.Result r = EmulatorRuns.cli(AWS.emulator()).run(args.toArray(new String[0]));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("47 tags from --tag and [aws] tags; at most 46 fit");
    }

    /**
     * A WDL that needs spill tags shares the 50 propagated tags with the user's: with a few tags it still ships
     * (job and definition together stay within 50, so AWS does not fail the job); with 46 it cannot, and the
     * submitter says why before submitting.
     */
    @Test
    void theShippedWdlReservesRoomForUserTagsOrSaysWhyItCannot() throws Exception {
        StringBuilder noise = new StringBuilder();
        Random random = new Random(17);
        for (int line = 0; line < 200; line++) {
            noise.append("# ");
            for (int i = 0; i < 80; i++) {
                noise.append((char) ('a' + random.nextInt(26)));
            }
            noise.append('\n');
        }
        Path wdl = tmp.resolve("big.wdl");
        Files.writeString(wdl, "version 1.1\n" + noise + "workflow big {\n  output {\n    Int n = 1\n  }\n}\n");

        List<String> few = new ArrayList<>(List.of("--tag", "project=genomics", "--tag", "team=bio"));
        few.addAll(List.of(wdl.toString(), "--dir", EmulatorRuns.dir(AWS.emulator(), "big"), "--wait"));
        SubmitCli.Result ok = EmulatorRuns.cli(AWS.emulator()).run(few.toArray(new String[0]));
        assertThat(ok.exit()).as(ok.err()).isZero();
        JobDetail wf = job(ok.jobId());
        Map<String, String> combined = new java.util.HashMap<>(definition(wf).tags());
        combined.putAll(wf.tags());
        assertThat(wf.tags().keySet()).anyMatch(k -> k.startsWith("wdl00."));
        assertThat(combined).hasSizeLessThanOrEqualTo(50).containsEntry("project", "genomics");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 46; i++) {
            many.addAll(List.of("--tag", "k" + i + "=v"));
        }
        many.add(wdl.toString());
        SubmitCli.Result tooMany = EmulatorRuns.cli(AWS.emulator()).run(many.toArray(new String[0]));
        assertThat(tooMany.exit()).as(tooMany.err()).isEqualTo(SubmitMain.EXIT_TOO_LARGE);
        assertThat(tooMany.err()).contains("too large to ship", "48 of them are taken by --tag / [aws] tags");
    }
}
