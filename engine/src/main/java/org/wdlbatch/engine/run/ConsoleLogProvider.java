package org.wdlbatch.engine.run;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusListenerConfigHelper;
import ch.qos.logback.core.util.StatusPrinter;

/**
 * SLF4J's provider for the {@code wdlbatch} command: Logback's own provider, with the console configured by
 * {@link ConsoleLogConfigurator} directly rather than through Logback's start-up ({@code ContextInitializer}: a
 * class-path scan for configurator services, a version check through {@code String.format}, its timings through
 * string concatenation that links method-handle classes at first use; 27 classes loaded and 10 generated at the
 * start of every run). The launcher's JVM names it with {@code -Dslf4j.provider} (set by
 * {@code WdlbatchMain}); code run otherwise (tests, embedding) gets Logback's provider, which finds the same
 * configurator as a service. A {@code -Dlogback.configurationFile} or a {@code logback-test.xml} still wins: the
 * configurator steps aside and Logback's start-up reads the file, as before.
 */
public final class ConsoleLogProvider extends LogbackServiceProvider {

    @Override
    public void initialize() {
        // what LogbackServiceProvider.initialize does, with its ContextInitializer only when a file is to be read
        LoggerContext context = (LoggerContext) getLoggerFactory();
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(getMDCAdapter());
        StatusListenerConfigHelper.installIfAsked(context); // -Dlogback.statusListenerClass, as Logback honours it
        ConsoleLogConfigurator console = new ConsoleLogConfigurator();
        console.setContext(context);
        if (console.configure(context) != Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY) {
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                org.slf4j.helpers.Util.report("Failed to auto configure default logger context", e);
            }
        }
        if (!StatusUtil.contextHasStatusListener(context)) {
            StatusPrinter.printInCaseOfErrorsOrWarnings(context);
        }
        context.start();
    }
}
