package org.wdlbatch.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The start-up logging configuration made in code (instead of logback.xml's Joran and XML parser). */
class ConsoleLogConfiguratorTest {

    @Test
    void consoleOnStderrShowsWarningsUpAndTheRootLogsInfo() {
        LoggerContext lc = new LoggerContext();
        ConsoleLogConfigurator c = new ConsoleLogConfigurator();
        c.setContext(lc);

        assertThat(c.configure(lc)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(lc.getLogger("software.amazon.awssdk").getLevel()).isEqualTo(Level.WARN);
        assertThat(lc.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        var console = root.getAppender("console");
        assertThat(console).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<ILoggingEvent>) console).getTarget()).isEqualTo("System.err");
        assertThat(console.isStarted()).isTrue();
        assertThat(console.getFilterChainDecision(event(root, Level.INFO))).isEqualTo(FilterReply.DENY);
        assertThat(console.getFilterChainDecision(event(root, Level.WARN))).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineWins() {
        LoggerContext lc = new LoggerContext();
        ConsoleLogConfigurator c = new ConsoleLogConfigurator();
        c.setContext(lc);
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "elsewhere.xml");
        try {
            assertThat(c.configure(lc)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
                .contains(ConsoleLogConfigurator.class.getName());
    }

    private static LoggingEvent event(ch.qos.logback.classic.Logger logger, Level level) {
        return new LoggingEvent(ConsoleLogConfiguratorTest.class.getName(), logger, level, "m", null, null);
    }
}
