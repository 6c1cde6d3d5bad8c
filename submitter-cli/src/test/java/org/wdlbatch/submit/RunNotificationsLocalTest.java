package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run notifications end to end through {@code submit_awsbatch --local}: the workflow job (this build's orchestrator
 * in the local AWS) publishes one start and one end message to SNS and EventBridge; the local AWS leaves what it
 * received in its data folder (sns-messages.jsonl, eventbridge-events.jsonl).
 */
class RunNotificationsLocalTest {

    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:wdlbatch-runs";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private record Run(int exit, String err, Path local) {}

    private Run submit(String... args) {
        Path local = tmp.resolve("local");
        List<String> all = new ArrayList<>(List.of("--local=" + local, "--notify-sns", TOPIC));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SubmitMain.run(all.toArray(new String[0]), new SubmitSession.Context(
                Map.of("WDLBATCH__NOTIFY__EVENTBRIDGE_BUS", "wdlbatch-runs"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null, new JobWatcher.Timing(100, 3000)));
        return new Run(code, err.toString(StandardCharsets.UTF_8), local);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    /** The SNS messages' bodies, checked to match the EventBridge events one for one. */
    private static List<JsonNode> notices(Path local) throws Exception {
        List<JsonNode> sns = lines(local.resolve("sns-messages.jsonl"));
        List<JsonNode> events = lines(local.resolve("eventbridge-events.jsonl"));
        assertThat(sns).extracting(m -> m.get("topicArn").asText()).containsOnly(TOPIC);
        assertThat(events).extracting(e -> e.get("source").asText() + "/" + e.get("detailType").asText())
                .containsExactly("wdlbatch/wdlbatch run started", "wdlbatch/wdlbatch run ended");
        assertThat(events).allSatisfy(e -> assertThat(e.get("busExists").asBoolean()).isTrue());
        List<JsonNode> bodies = new ArrayList<>();
        for (int i = 0; i < sns.size(); i++) {
            JsonNode body = JSON.readTree(sns.get(i).get("message").asText());
            assertThat(JSON.readTree(events.get(i).get("detail").asText())).isEqualTo(body);
            bodies.add(body);
        }
        return bodies;
    }

    @Test
    void aSucceedingRunPublishesOneStartAndOneSucceededEnd() throws Exception {
        String hello = Path.of("..", "examples", "hello.wdl").toAbsolutePath().normalize().toString();
        Run r = submit(hello, "names=Alice", "--s3upload", "s3://results/nightly/");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> n = notices(r.local());
        assertThat(n).extracting(j -> j.get("event").asText()).containsExactly("STARTED", "ENDED");
        JsonNode end = n.get(1);
        assertThat(end.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(end.get("run").asText()).endsWith("_hello").isEqualTo(n.get(0).get("run").asText());
        assertThat(end.get("runDir").asText()).startsWith(r.local().resolve("efs").toString())
                .endsWith(end.get("run").asText());
        assertThat(end.get("s3").asText()).isEqualTo("s3://results/nightly/" + end.get("run").asText() + "/");
        assertThat(end.get("durationSeconds").asLong()).isNotNegative();
        assertThat(end.get("exitStatus").asInt()).isZero();
        assertThat(end.get("failedCall").isNull()).isTrue();
        assertThat(end.get("jobId").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void aFailingRunPublishesOneStartAndOneFailedEndNamingTheCallAndItsErrorLine() throws Exception {
        Path wdl = tmp.resolve("nightly.wdl");
        Files.writeString(wdl, "version 1.1\n"
                + "task align {\n  command <<<\n    echo working\n"
                + "    echo 'ERROR: reference genome not found' >&2\n    exit 3\n  >>>\n"
                + "  output {\n    String s = read_string(stdout())\n  }\n}\n"
                + "workflow nightly {\n  call align\n}\n");
        Run r = submit(wdl.toString());
        assertThat(r.exit()).as(r.err()).isNotZero();
        List<JsonNode> n = notices(r.local());
        assertThat(n).extracting(j -> j.get("event").asText()).containsExactly("STARTED", "ENDED");
        JsonNode end = n.get(1);
        assertThat(end.get("status").asText()).isEqualTo("FAILED");
        assertThat(end.get("run").asText()).endsWith("_nightly");
        assertThat(end.get("failedCall").asText()).contains("align");
        assertThat(end.get("errorLine").asText()).isEqualTo("ERROR: reference genome not found");
        assertThat(end.get("error").asText()).isNotBlank();
        assertThat(end.get("exitStatus").asInt()).isEqualTo(1);
        assertThat(end.get("s3").isNull()).isTrue();
    }

    @Test
    void aNotifySnsThatIsNoTopicArnFailsBeforeSubmission() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SubmitMain.run(new String[] {"--local=" + tmp.resolve("bad"), "--notify-sns", "wdlbatch-runs",
                Path.of("..", "examples", "hello.wdl").toString()}, new SubmitSession.Context(Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true, StandardCharsets.UTF_8),
                null, new JobWatcher.Timing(100, 3000)));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--notify-sns wdlbatch-runs: give the SNS topic's"
                + " ARN");
    }
}
