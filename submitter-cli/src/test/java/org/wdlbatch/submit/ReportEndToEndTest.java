package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The run report end to end (issue 18): a 50-call scatter through submit_awsbatch and the emulator's Batch, with
 * one call failing its first attempt (retried) and one losing its spot instance part way (retried): the run
 * directory and the --s3upload folder hold report.html and trace.tsv, trace.tsv has one row per attempt, and its
 * times are Batch's own (DescribeJobs createdAt, startedAt, stoppedAt). Needs orchestrator-image/target/wdlbatch.jar
 * (see {@link EndToEndTest}).
 */
class ReportEndToEndTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static final Path WDL = Path.of("src/test/resources/e2e/report_scatter.wdl").toAbsolutePath();
    static final String BUCKET = "report-results";

    static S3Client s3;
    static BatchClient batch;

    @BeforeAll
    static void clients() {
        s3 = EmulatorRuns.s3(AWS.emulator());
        s3.createBucket(b -> b.bucket(BUCKET));
        batch = SubmitCli.batch(AWS.emulator());
    }

    @AfterAll
    static void close() {
        s3.close();
        batch.close();
    }

    /** The start marks of item 13 once there are {@code count} (waits up to five minutes, then fails). */
    private static List<String> starts(Path marks, int count, Future<SubmitCli.Result> run) throws Exception {
        for (int i = 0; i < 6000; i++) {
            try (Stream<Path> s = Files.list(marks)) {
                List<String> names = s.map(p -> p.getFileName().toString())
                        .filter(n -> !n.equals("RELEASE") && !n.equals("failed-once")).sorted().toList();
                if (names.size() >= count) {
                    return names;
                }
            }
            if (run.isDone()) {
                throw new AssertionError("the submission ended before " + count + " starts: " + run.get().err());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited five minutes in vain for " + count + " starts in " + marks);
    }

    @Test
    void fiftyCallsWithARetryAndASpotReclaimGetAReportWhoseTraceHoldsBatchsTimes() throws Exception {
        Path marks = Files.createDirectories(AWS.emulator().efsFolder().resolve("report_marks"));
        String dir = EmulatorRuns.dir(AWS.emulator(), "report");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SubmitCli.Result r;
        try {
            Future<SubmitCli.Result> run = pool.submit(() -> EmulatorRuns.cli(AWS.emulator()).run(WDL.toString(),
                    "marks=" + marks, "--dir", dir, "--s3upload", "s3://" + BUCKET + "/runs/", "--wait"));
            String first = starts(marks, 1, run).get(0);
            String job = first.substring(0, first.lastIndexOf('.'));
            assertThat(AWS.emulator().faults().reclaimSpot(job)).as(job).isTrue();
            starts(marks, 2, run);
            Files.writeString(marks.resolve("RELEASE"), "go");
            r = run.get(10, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(r.exit()).as(r.err()).isZero();
        Path runDir;
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            runDir = s.filter(p -> p.getFileName().toString().matches("\\d{8}_\\d{6}_report_scatter")).findFirst()
                    .orElseThrow();
        }

        String trace = Files.readString(runDir.resolve("trace.tsv"));
        List<Map<String, String>> rows = rows(trace);
        assertThat(rows).as(trace).hasSize(52); // 50 calls, item 7 retried, item 13 reclaimed and run again
        assertThat(rows).filteredOn(row -> row.get("task_id").equals("call-t-7"))
                .extracting(row -> row.get("attempt") + ":" + row.get("status") + ":" + row.get("exit"))
                .containsExactly("1:retried:1", "2:succeeded:0");
        assertThat(rows).filteredOn(row -> row.get("task_id").equals("call-t-13"))
                .extracting(row -> row.get("attempt") + ":" + row.get("status") + ":" + row.get("reclaimed"))
                .containsExactly("1:retried:true", "2:succeeded:false");
        assertThat(rows).filteredOn(row -> row.get("reclaimed").equals("true")).hasSize(1);

        // every row's times are Batch's own, as DescribeJobs reports them
        Map<String, JobDetail> jobs = new HashMap<>();
        List<String> ids = rows.stream().map(row -> row.get("job_id")).toList();
        assertThat(ids).doesNotContain("-").doesNotHaveDuplicates();
        batch.describeJobs(b -> b.jobs(ids)).jobs().forEach(d -> jobs.put(d.jobId(), d));
        assertThat(jobs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (Map<String, String> row : rows) {
            JobDetail d = jobs.get(row.get("job_id"));
            assertThat(row.get("submit")).as(row.toString()).isEqualTo(Instant.ofEpochMilli(d.createdAt()).toString());
            assertThat(row.get("start")).as(row.toString()).isEqualTo(Instant.ofEpochMilli(d.startedAt()).toString());
            assertThat(row.get("complete")).as(row.toString())
                    .isEqualTo(Instant.ofEpochMilli(d.stoppedAt()).toString());
            assertThat(row.get("queue")).isNotEqualTo("-");
        }
        JobDetail reclaimed = jobs.get(rows.stream().filter(row -> row.get("reclaimed").equals("true")).findFirst()
                .orElseThrow().get("job_id"));
        assertThat(reclaimed.statusReason()).startsWith("Host EC2");

        String html = Files.readString(runDir.resolve("report.html"));
        // kept for a look in a browser (docs/images/report.png is a screenshot of it)
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "report-e2e.html"), html);
        assertThat(html.split("<g class=\"attempt ", -1)).hasSize(52 + 1);
        assertThat(html).contains("data-attempts=\"52\"", "data-retries=\"2\"", "data-reclaims=\"1\"",
                "item 7 fails its first attempt", "id=\"graph\"");

        List<String> keys = EmulatorRuns.keys(s3, BUCKET, "runs/");
        String prefix = "runs/" + runDir.getFileName() + "/";
        assertThat(keys).contains(prefix + "report.html", prefix + "trace.tsv");
        assertThat(EmulatorRuns.object(s3, BUCKET, prefix + "trace.tsv")).isEqualTo(trace);
        assertThat(EmulatorRuns.object(s3, BUCKET, prefix + "report.html")).isEqualTo(html);
    }

    private static List<Map<String, String>> rows(String tsv) {
        List<String> lines = tsv.lines().toList();
        String[] cols = lines.get(0).split("\t");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < cols.length; i++) {
                row.put(cols[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
