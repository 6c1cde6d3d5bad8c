package org.wdlbatch.orchestrator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;

/**
 * CloudWatch Logs rejects a PutLogEvents batch whose events are out of time order; events logged from many threads
 * reach the appender's queue out of order. Every batch the appender sends is checked on its way out (an SDK
 * interceptor on the real client), and every event must arrive in the emulator's stream.
 */
class CloudWatchAppenderOrderTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    /** Each PutLogEvents request's timestamps, as sent. */
    static final List<List<Long>> SENT = Collections.synchronizedList(new ArrayList<>());

    static final class RecordBatches implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutLogEventsRequest p) {
                SENT.add(p.logEvents().stream().map(InputLogEvent::timestamp).toList());
            }
        }
    }

    @Test
    void batchesFromManyThreadsAreInTimeOrderAndNothingIsLost() throws Exception {
        CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new RecordBatches()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        CloudWatchAppender appender = new CloudWatchAppender(logs, "/wdlbatch/order", "threads", "%msg");
        appender.setContext(context);
        appender.start();
        Logger logger = context.getLogger("order-test");
        logger.setAdditive(false);
        logger.addAppender(appender);
        int threads = 16;
        int each = 400;
        long base = System.currentTimeMillis() - 60_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                Random random = new Random(thread);
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    if (i % 2 == 0) {
                        // stamped up to a minute apart: arrival order and time order surely differ
                        appender.send(base + random.nextInt(60_000), "sent " + thread + "/" + i);
                    } else {
                        logger.info("logged {}/{}", thread, i); // stamped by logback in this thread
                    }
                    if (i % 50 == 0) {
                        appender.flush(); // flushes race with the writers, as the sender thread's do
                    }
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        logger.detachAppender(appender);
        appender.stop();

        assertThat(SENT).isNotEmpty();
        for (List<Long> batch : SENT) {
            assertThat(batch).as("a PutLogEvents batch in time order").isSorted();
        }
        assertThat(SENT.stream().mapToInt(List::size).sum()).isEqualTo(threads * each);
        List<String> received = new ArrayList<>();
        String token = null;
        while (true) {
            String from = token;
            GetLogEventsResponse r = logs.getLogEvents(b -> b.logGroupName("/wdlbatch/order").logStreamName("threads")
                    .startFromHead(true).nextToken(from));
            r.events().forEach(e -> received.add(e.message()));
            if (r.nextForwardToken() == null || r.nextForwardToken().equals(from)) {
                break;
            }
            token = r.nextForwardToken();
        }
        assertThat(received).hasSize(threads * each);
        assertThat(received).contains("sent 0/0", "logged 15/399");
        logs.close();
    }

    @Test
    void batchesAreCutWhereTheyWouldSpanMoreThanADay() {
        long day = 24L * 3600 * 1000;
        List<InputLogEvent> events = List.of(ev(3 * day, "c"), ev(0, "a"), ev(day, "b"), ev(day + 1, "b2"));
        List<List<InputLogEvent>> batches = CloudWatchAppender.batches(events);
        assertThat(batches).extracting(b -> b.stream().map(InputLogEvent::message).toList())
                .containsExactly(List.of("a", "b"), List.of("b2"), List.of("c"));
    }

    private static InputLogEvent ev(long t, String m) {
        return InputLogEvent.builder().timestamp(t).message(m).build();
    }
}
