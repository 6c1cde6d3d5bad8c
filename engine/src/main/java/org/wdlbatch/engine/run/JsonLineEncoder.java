package org.wdlbatch.engine.run;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;
import org.wdlbatch.wdl.json.JsonText;

/**
 * One JSON object per event and line: {@code time} (the one time format of {@link LogFormat}), {@code level},
 * {@code logger}, {@code message}, then the event's key-value pairs (a call's lines carry {@code call}) and its MDC,
 * and {@code error} with the stack trace when there is one.
 *
 * <p>Not logback's own {@code JsonEncoder}: that one writes the time as epoch milliseconds, nests key-value pairs
 * in a list, and adds sequence numbers and thread names that nobody filters on, while these lines are meant for
 * {@code jq} and CloudWatch Logs Insights next to text logs stamped with the same time format.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("time", LogFormat.time(Instant.ofEpochMilli(event.getTimeStamp())));
        o.put("level", event.getLevel().toString());
        String logger = event.getLoggerName();
        o.put("logger", logger.substring(logger.lastIndexOf('.') + 1));
        o.put("message", event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                o.put(kv.key, String.valueOf(kv.value));
            }
        }
        event.getMDCPropertyMap().forEach(o::put);
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            o.put("error", ThrowableProxyUtil.asString(error));
        }
        return (JsonText.write(o) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
