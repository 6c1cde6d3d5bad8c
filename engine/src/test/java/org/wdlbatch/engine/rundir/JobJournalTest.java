package org.wdlbatch.engine.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJournalTest {

    @TempDir
    Path run;

    @Test
    void latestJobOfEachCallWithArraysExpandedThroughTheirManifests() throws Exception {
        Path manifest = Files.writeString(run.resolve("call-a.array-1.manifest"),
                run.resolve("call-a-0") + "\n" + run.resolve("call-a-1") + "\n");
        try (JobJournal j = JobJournal.of(run)) {
            j.array("parent-1", 1, manifest);
            j.single(run.resolve("call-b"), 1, "job-b1");
            j.single(run.resolve("call-a-1"), 2, "job-a1-2");
            j.single(run.resolve("call-sub/call-c"), 1, "job-c");
        }
        // a crash in the middle of a write leaves a torn last line: ignored
        Files.writeString(run.resolve(JobJournal.FILE), "{\"call\":\"call-d\",\"att", StandardOpenOption.APPEND);

        var jobs = JobJournal.read(run);
        assertThat(jobs).containsOnlyKeys("call-a-0", "call-a-1", "call-b", "call-sub/call-c");
        assertThat(jobs.get("call-a-0")).isEqualTo(new JobJournal.Job("call-a-0", 1, "parent-1:0"));
        assertThat(jobs.get("call-a-1")).isEqualTo(new JobJournal.Job("call-a-1", 2, "job-a1-2"));
        assertThat(jobs.get("call-sub/call-c").jobId()).isEqualTo("job-c");
        assertThat(Files.readAllLines(run.resolve(JobJournal.FILE))).hasSize(5);
    }

    @Test
    void noJournalNoJobs() throws Exception {
        assertThat(JobJournal.read(run)).isEmpty();
    }

    @Test
    void rerunRunsTheKeptWdlWithTheRunsInputsAndKeepsTheOtherOptions() {
        List<String> original = List.of("wdlbatch", "--verbose", "run", "shipped:wf.zip", "x=1", "-i", "in.json",
                "--dir", "/mnt/efs/runs", "--backend", "aws-batch", "--input=more.json", "--no-cache", "y=2",
                "--none", "wf.opt", "--empty=wf.list", "--s3upload", "s3://b/p", "-o", "out.json");
        assertThat(RerunCommand.of(original, "/mnt/efs/runs/r/workflow.zip", Path.of("/mnt/efs/runs/r/inputs.json")))
                .containsExactly("wdlbatch", "--verbose", "run", "/mnt/efs/runs/r/workflow.zip", "-i",
                        "/mnt/efs/runs/r/inputs.json", "--dir", "/mnt/efs/runs", "--backend", "aws-batch",
                        "--no-cache", "--s3upload", "s3://b/p", "-o", "out.json");
    }
}
