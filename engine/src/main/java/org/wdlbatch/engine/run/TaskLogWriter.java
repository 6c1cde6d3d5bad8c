package org.wdlbatch.engine.run;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes the {@link TaskLog}s of one run from one thread: a log with new lines is queued once, and the thread
 * writes every queued log every {@code periodMillis}. Calls being prepared by the thousands (a big scatter) thus
 * do not wait on task.log creates and writes; a line reaches its file within about one period.
 */
public final class TaskLogWriter implements AutoCloseable {

    /** How long a line may stay in memory before it is written. */
    public static final long DEFAULT_PERIOD_MILLIS = 200;

    private final ConcurrentLinkedQueue<TaskLog> queued = new ConcurrentLinkedQueue<>();
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean stopping;

    public TaskLogWriter(long periodMillis) {
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.thread = new Thread(this::loop, "task-log");
        thread.setDaemon(true);
        thread.start();
    }

    public TaskLogWriter() {
        this(DEFAULT_PERIOD_MILLIS);
    }

    /** {@code log} has lines to write (it calls this when its first pending line comes). */
    void schedule(TaskLog log) {
        queued.add(log);
        if (stopping) {
            drain(); // a late line after the run ended: nobody else will write it
        }
    }

    private void loop() {
        while (!stopping) {
            LockSupport.parkNanos(periodNanos);
            drain();
        }
    }

    private void drain() {
        TaskLog log;
        while ((log = queued.poll()) != null) {
            log.flush();
        }
    }

    /** Writes what is still queued; lines logged later are written by the thread that logs them. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}
