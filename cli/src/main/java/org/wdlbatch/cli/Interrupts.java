package org.wdlbatch.cli;

import org.wdlbatch.engine.Runner;

/**
 * Ctrl-C during {@code wdlbatch run}: the first SIGINT interrupts the run (its running tasks are stopped, the run
 * ends as interrupted with exit status {@value #EXIT_INTERRUPTED}, the status its shell expects of a process Ctrl-C
 * ended); a second one, for a user who will not wait for the stop, ends the process at once. SIGTERM (AWS Batch
 * stopping the workflow job) keeps the shutdown hook's stop: the run ends as failed, its upload still happens.
 */
final class Interrupts implements AutoCloseable {

    /** 128 + SIGINT, as a shell reports a process Ctrl-C ended. */
    static final int EXIT_INTERRUPTED = 130;

    private final sun.misc.Signal signal = new sun.misc.Signal("INT");
    private final sun.misc.SignalHandler previous;
    private volatile boolean interrupted;

    private Interrupts(Runner runner, Runnable onInterrupt) {
        previous = sun.misc.Signal.handle(signal, s -> {
            if (interrupted) {
                System.err.println("wdlbatch: interrupted again: exiting without waiting for the tasks to stop");
                Runtime.getRuntime().halt(EXIT_INTERRUPTED);
            }
            interrupted = true;
            onInterrupt.run();
            runner.interrupt("Ctrl-C");
        });
    }

    /**
     * Routes SIGINT to {@code runner} until closed, telling {@code onInterrupt} first (the run's end message says
     * INTERRUPTED); none when the JVM ignores SIGINT (started with it ignored).
     */
    static Interrupts route(Runner runner, Runnable onInterrupt) {
        try {
            return new Interrupts(runner, onInterrupt);
        } catch (IllegalArgumentException e) {
            return null; // SIGINT is ignored for this process (nohup, a background job of a non-interactive shell)
        }
    }

    @Override
    public void close() {
        sun.misc.Signal.handle(signal, previous);
    }
}
