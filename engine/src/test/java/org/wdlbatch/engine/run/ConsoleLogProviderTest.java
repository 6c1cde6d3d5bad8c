package org.wdlbatch.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wdlbatch command's SLF4J provider: the console configured in code, or a named file when there is one. */
class ConsoleLogProviderTest {

    @Test
    void theConsoleIsConfiguredWithoutLogbacksStartUp() {
        ConsoleLogProvider p = new ConsoleLogProvider();
        p.initialize();
        LoggerContext lc = (LoggerContext) p.getLoggerFactory();
        assertThat(lc.isStarted()).isTrue();
        assertThat(lc.getName()).isEqualTo("default");
        assertThat(lc.getMDCAdapter()).isSameAs(p.getMDCAdapter());
        ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("console")).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<?>) root.getAppender("console")).getEncoder()).isInstanceOf(LogLineEncoder.class);
        assertThat(lc.getLogger("software.amazon.awssdk").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineIsRead(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("logback.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="mine" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%msg%n</pattern></encoder>
                  </appender>
                  <root level="DEBUG"><appender-ref ref="mine"/></root>
                </configuration>
                """);
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", file.toString());
        try {
            ConsoleLogProvider p = new ConsoleLogProvider();
            p.initialize();
            ch.qos.logback.classic.Logger root =
                    ((LoggerContext) p.getLoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(root.getAppender("mine")).isNotNull();
            assertThat(root.getAppender("console")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }
}
