package org.wdlbatch.orchestrator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.emulator.events.EventBuses;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.sns.SnsTopics;
import org.wdlbatch.orchestrator.batch.AwsClients;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/**
 * Run notifications against the emulator's SNS (query protocol) and EventBridge (JSON 1.1), through the SDK
 * clients the workflow job uses: what is sent, what AWS would refuse, and that a refused notification is only a
 * warning.
 */
class RunNotifierTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @TempDir
    Path tmp;

    private static AwsClients aws() {
        return new AwsClients(AWS.emulator().endpoint(), AWS.emulator().region());
    }

    private static String topicArn(String name) {
        return "arn:aws:sns:" + AWS.emulator().region() + ":123456789012:" + name;
    }

    @Test
    void theEmulatorSpeaksSnsAndEventBridgeAsAwsDoes() throws Exception {
        try (SnsClient sns = aws().sns(); EventBridgeClient events = aws().eventBridge()) {
            String arn = sns.createTopic(b -> b.name("nightly")).topicArn();
            assertThat(arn).isEqualTo(topicArn("nightly"));
            assertThat(sns.listTopics().topics()).extracting(t -> t.topicArn()).contains(arn);
            String id = sns.publish(b -> b.topicArn(arn).subject("hello").message("{\"a\": 1}")).messageId();
            assertThat(AWS.emulator().sns().messages()).filteredOn(m -> m.messageId().equals(id)).singleElement()
                    .extracting(SnsTopics.Message::body).isEqualTo("{\"a\": 1}");
            assertThatThrownBy(() -> sns.publish(b -> b.topicArn(topicArn("missing")).message("x")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> sns.publish(b -> b.topicArn(arn).subject("two\nlines").message("x")))
                    .isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> sns.publish(b -> b.topicArn(arn).message("")))
                    .isInstanceOf(InvalidParameterException.class);

            events.createEventBus(b -> b.name("runs"));
            var r = events.putEvents(b -> b.entries(
                    e -> e.eventBusName("runs").source("wdlbatch").detailType("t").detail("{\"x\": 1}"),
                    e -> e.eventBusName("runs").source("wdlbatch").detailType("t").detail("not json")));
            assertThat(r.failedEntryCount()).isEqualTo(1);
            assertThat(r.entries().get(1).errorCode()).isEqualTo("MalformedDetail");
            assertThat(AWS.emulator().events().events()).filteredOn(e -> e.eventId().equals(r.entries().get(0)
                    .eventId())).singleElement().extracting(EventBuses.Event::busName).isEqualTo("runs");
        }
        // the control API shows them, with the token only
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(AWS.emulator().endpoint()
                + "/_emulator/sns/messages")).header("X-Emulator-Token", AWS.controlToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(listed.body()).get("messages").toString()).contains("{\\\"a\\\": 1}");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(AWS.emulator().endpoint()
                + "/_emulator/events/entries")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void aRunSendsOneStartAndOneEndWithTheFailedCallAndANotificationThatCannotBeSentIsOnlyAWarning()
            throws Exception {
        String topic = topicArn("wdlbatch-runs");
        Path runDir = Files.createDirectories(tmp.resolve("20261204_230000_wf"));
        Path call = Files.createDirectories(runDir.resolve("call-align"));
        Files.writeString(call.resolve("stderr.txt"), "loading\nERROR: reference genome not found\n\n");
        Files.writeString(runDir.resolve("error.json"), "{\"error\": \"CommandFailed\", \"call\": \"wf.align\","
                + " \"message\": \"command exited with status 3\", \"exit_status\": 3, \"stderr_file\": \""
                + call.resolve("stderr.txt") + "\"}");
        int before = AWS.emulator().sns().messages().size();
        try (RunNotifications n = new RunNotifications(new RunNotifier(new NotifyTargets(topic, "wdlbatch-runs"),
                aws()), "job-123")) {
            n.started(runDir);
            n.ended(runDir, false, 1, n.failureOf(runDir), "s3://results/runs/20261204_230000_wf/");
            n.ended(runDir, false, 1, n.failureOf(runDir), null); // never twice
        }
        List<SnsTopics.Message> sent = AWS.emulator().sns().messages();
        sent = sent.subList(before, sent.size());
        assertThat(sent).hasSize(2);
        JsonNode start = new ObjectMapper().readTree(sent.get(0).body());
        JsonNode end = new ObjectMapper().readTree(sent.get(1).body());
        assertThat(start.get("event").asText()).isEqualTo("STARTED");
        assertThat(end.get("status").asText()).isEqualTo("FAILED");
        assertThat(end.get("exitStatus").asInt()).isEqualTo(1);
        assertThat(end.get("run").asText()).isEqualTo("20261204_230000_wf");
        assertThat(end.get("failedCall").asText()).isEqualTo("wf.align");
        assertThat(end.get("errorLine").asText()).isEqualTo("ERROR: reference genome not found");
        assertThat(end.get("error").asText()).isEqualTo("command exited with status 3");
        assertThat(end.get("s3").asText()).isEqualTo("s3://results/runs/20261204_230000_wf/");
        assertThat(end.get("jobId").asText()).isEqualTo("job-123");
        assertThat(sent.get(1).subject()).isEqualTo("wdlbatch run 20261204_230000_wf FAILED");
        assertThat(AWS.emulator().events().events()).filteredOn(e -> e.detail().contains("20261204_230000_wf"))
                .extracting(EventBuses.Event::detailType)
                .containsExactly("wdlbatch run started", "wdlbatch run ended");

        // a topic that does not exist: warnings, no exception, the run goes on
        try (RunNotifications n = new RunNotifications(new RunNotifier(new NotifyTargets(topicArn("no-such-topic"),
                null), aws()), null)) {
            n.started(runDir);
            n.ended(runDir, false, 1, null, null);
        }
    }

    @Test
    void aSignalEndsTheRunAsStoppedInsideBatchAndInterruptedOutside() throws Exception {
        String topic = topicArn("wdlbatch-runs");
        for (String jobId : new String[] {"job-9", null}) {
            Path runDir = Files.createDirectories(tmp.resolve("20261204_230100_" + (jobId == null ? "here" : "batch")));
            try (RunNotifications n = new RunNotifications(new RunNotifier(new NotifyTargets(topic, null), aws()),
                    jobId)) {
                n.started(runDir);
                n.interrupted();
                n.ended(runDir, false, 1, n.failureOf(runDir), null);
            }
            List<SnsTopics.Message> sent = AWS.emulator().sns().messages();
            JsonNode end = new ObjectMapper().readTree(sent.get(sent.size() - 1).body());
            assertThat(end.get("run").asText()).isEqualTo(runDir.getFileName().toString());
            assertThat(end.get("status").asText()).isEqualTo(jobId == null ? "INTERRUPTED" : "STOPPED");
        }
    }
}
