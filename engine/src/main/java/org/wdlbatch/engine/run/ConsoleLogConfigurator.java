package org.wdlbatch.engine.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration, in code: the console gets warnings and errors (INFO too with --verbose, see
 * {@link RunLogging#console}) on stderr (stdout is reserved for the command's JSON result), the root logger is at
 * INFO (a run also logs to its workflow.log from INFO up), and the AWS SDK and Jetty only say WARN and up.
 *
 * <p>In code rather than a logback.xml because reading XML configuration loads Logback's Joran and the JDK's XML
 * parser, about 400 classes, at every start of every command: CPU at start-up and, with the class-data sharing
 * archive, about 3 MB of resident memory (docs/benchmarks.md, "wdlbatch run of 1,000 local calls: peak RSS").
 * A configuration file named by {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class
 * path still wins: this configurator then steps aside and Logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {

    /**
     * The console's line: time (UTC, the one format of every log: {@link LogFormat}), level, message; written by a
     * {@link LogLineEncoder} without the logger.
     */
    static final String CONSOLE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC} %-5level %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || ConsoleLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogLineEncoder encoder = new LogLineEncoder(false); // CONSOLE_PATTERN's lines
        encoder.setContext(context);
        encoder.start();
        ThresholdFilter warn = new ThresholdFilter();
        warn.setLevel("WARN");
        warn.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.addFilter(warn);
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
