package org.wdlbatch.emulator.sns;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.ServiceApi;

/**
 * Amazon SNS on the query protocol (form-encoded {@code Action=...&Version=2010-03-31}, XML answers): CreateTopic,
 * ListTopics and Publish to a topic, enough for run notifications. Published messages are kept in {@link SnsTopics}
 * (the control API shows them); there are no subscriptions to deliver to.
 */
public final class SnsApi implements ServiceApi {

    private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";
    /**
     * "Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens,
     * and must be between 1 and 256 characters long." (FIFO topics end in .fifo)
     * (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html)
     */
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}|[A-Za-z0-9_-]{1,251}\\.fifo");
    /** "The maximum size is 256 KB" (UTF-8 bytes) (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /**
     * Subject: "Must be ASCII text that begins with a letter, number, or punctuation mark; must not include line
     * breaks or control characters; and must be less than 100 characters long."
     * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html)
     */
    private static final Pattern SUBJECT = Pattern.compile("[\\p{Alnum}\\p{Punct}][\\x20-\\x7E]{0,98}");

    private final SnsTopics topics;
    private final String region;
    private final String account;

    public SnsApi(SnsTopics topics, String region, String account) {
        this.topics = topics;
        this.region = region;
        this.account = account;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Map<String, String> form = ApiRequest.parseForm(request.bodyText());
        form.putAll(request.query());
        String action = form.get("Action");
        String requestId = UUID.randomUUID().toString();
        try {
            String result = switch (String.valueOf(action)) {
                case "CreateTopic" -> createTopic(form);
                case "ListTopics" -> listTopics();
                case "Publish" -> publish(form);
                default -> throw new SnsError(400, "InvalidAction", "Could not find operation " + action
                        + " for version 2010-03-31 (aws-emulator implements CreateTopic, ListTopics, Publish)");
            };
            String xml = "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</"
                    + action + "Result><ResponseMetadata><RequestId>" + requestId
                    + "</RequestId></ResponseMetadata></" + action + "Response>";
            return ApiResponse.of(200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
        } catch (SnsError e) {
            String xml = "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + e.code
                    + "</Code><Message>" + escape(e.getMessage()) + "</Message></Error><RequestId>" + requestId
                    + "</RequestId></ErrorResponse>";
            return ApiResponse.of(e.status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String createTopic(Map<String, String> form) {
        String name = form.get("Name");
        if (name == null || !TOPIC_NAME.matcher(name).matches()) {
            throw new SnsError(400, "InvalidParameter", "Invalid parameter: Topic Name");
        }
        String arn = topics.create("arn:aws:sns:" + region + ":" + account + ":" + name);
        return "<TopicArn>" + escape(arn) + "</TopicArn>";
    }

    private String listTopics() {
        StringBuilder b = new StringBuilder("<Topics>");
        for (String arn : topics.arns()) {
            b.append("<member><TopicArn>").append(escape(arn)).append("</TopicArn></member>");
        }
        return b.append("</Topics>").toString();
    }

    /** https://docs.aws.amazon.com/sns/latest/api/API_Publish.html */
    private String publish(Map<String, String> form) {
        String topic = form.get("TopicArn") != null ? form.get("TopicArn") : form.get("TargetArn");
        if (topic == null || topic.isEmpty()) {
            throw new SnsError(400, "InvalidParameter", "Invalid parameter: TopicArn or TargetArn Reason: no value"
                    + " for required parameter (aws-emulator does not send SMS)");
        }
        String message = form.get("Message");
        if (message == null || message.isEmpty()) {
            throw new SnsError(400, "InvalidParameter", "Invalid parameter: Empty message");
        }
        if (message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            throw new SnsError(400, "InvalidParameter", "Invalid parameter: Message too long");
        }
        String subject = form.get("Subject");
        if (subject != null && !SUBJECT.matcher(subject).matches()) {
            throw new SnsError(400, "InvalidParameter", "Invalid parameter: Subject");
        }
        if (!topics.exists(topic)) {
            throw new SnsError(404, "NotFound", "Topic does not exist");
        }
        String id = UUID.randomUUID().toString();
        topics.add(new SnsTopics.Message(id, topic, subject, message, System.currentTimeMillis()));
        return "<MessageId>" + id + "</MessageId>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** An SNS error answer. */
    private static final class SnsError extends RuntimeException {
        final int status;
        final String code;

        SnsError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
