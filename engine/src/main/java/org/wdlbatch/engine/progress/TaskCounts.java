package org.wdlbatch.engine.progress;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live counts of a run's task calls, and the input downloads under way; updated by the scheduler and the task
 * runners, read by the status line.
 */
public final class TaskCounts {

    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    /** Calls that ended after the run was interrupted (Ctrl-C): stopped by it, not failed by themselves. */
    private final AtomicInteger stopped = new AtomicInteger();
    private volatile boolean interrupted;
    /** Bytes done and total (-1: unknown) of each download under way. */
    private final Map<URI, long[]> downloads = new ConcurrentHashMap<>();

    public void queued() {
        queued.incrementAndGet();
    }

    /** A queued call dropped without starting (the run is stopping). */
    public void dropped() {
        queued.decrementAndGet();
    }

    public void started() {
        queued.decrementAndGet();
        running.incrementAndGet();
    }

    public void succeeded() {
        running.decrementAndGet();
        done.incrementAndGet();
    }

    public void failed() {
        running.decrementAndGet();
        (interrupted ? stopped : failed).incrementAndGet();
    }

    /** The run was interrupted (Ctrl-C): calls ending from now on without success were stopped, not failed. */
    public void interrupted() {
        interrupted = true;
    }

    public boolean isInterrupted() {
        return interrupted;
    }

    /** A started call answered from the call cache without running its command. */
    public void cacheHit() {
        running.decrementAndGet();
        done.incrementAndGet();
        cached.incrementAndGet();
    }

    /** A download's progress ({@code total} -1 when unknown); a download that is complete is no longer shown. */
    public void downloading(URI uri, long bytesDone, long total) {
        if (total >= 0 && bytesDone >= total) {
            downloads.remove(uri);
        } else {
            downloads.put(uri, new long[] {bytesDone, total});
        }
    }

    /** A download ended (done or failed). */
    public void downloadEnded(URI uri) {
        downloads.remove(uri);
    }

    public Snapshot snapshot() {
        return new Snapshot(queued.get(), running.get(), done.get(), failed.get(), cached.get(), stopped.get(),
                downloadText());
    }

    /** {@code downloading x.bam 120/800 MiB} for the largest download under way, {@code (+2 more)}; or "". */
    private String downloadText() {
        Map.Entry<URI, long[]> biggest = null;
        for (Map.Entry<URI, long[]> e : downloads.entrySet()) {
            if (biggest == null || size(e.getValue()) > size(biggest.getValue())) {
                biggest = e;
            }
        }
        if (biggest == null) {
            return "";
        }
        String path = biggest.getKey().getPath() == null ? biggest.getKey().toString() : biggest.getKey().getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        long[] p = biggest.getValue();
        String amount = p[1] >= 0 ? mib(p[0]) + "/" + mib(p[1]) + " MiB" : mib(p[0]) + " MiB";
        int more = downloads.size() - 1;
        return "downloading " + name + " " + amount + (more > 0 ? " (+" + more + " more)" : "");
    }

    private static long size(long[] progress) {
        return Math.max(progress[0], progress[1]);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    /** {@code downloading} is "" when nothing is being downloaded. */
    public record Snapshot(int queued, int running, int done, int failed, int cached, int stopped,
            String downloading) {

        @Override
        public String toString() {
            return queued + " queued, " + running + " running, " + done + " done"
                    + (cached > 0 ? " (" + cached + " cached)" : "") + ", " + failed + " failed"
                    + (stopped > 0 ? ", " + stopped + " stopped" : "")
                    + (downloading.isEmpty() ? "" : "; " + downloading);
        }
    }
}
