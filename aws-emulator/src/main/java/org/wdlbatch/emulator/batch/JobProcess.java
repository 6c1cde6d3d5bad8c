package org.wdlbatch.emulator.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A job attempt running as a local process: its output lines go to a sink (CloudWatch Logs), and stopping it
 * stops the whole process tree, as stopping a container would. The process starts in its own session
 * ({@code setsid}, when present) so that even children that outlive their parent can be found and killed.
 */
public final class JobProcess {

    private static final Path SETSID = findSetsid();
    /**
     * Threads for stopping jobs and collecting their ends: each may wait on a kill(1) process and on output pumps,
     * so they must not share the common fork-join pool (one thread on a two-core machine), where hundreds of jobs
     * stopped at once would be signalled one after another.
     */
    private static final java.util.concurrent.ExecutorService SIGNALS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "job-process-signals");
                t.setDaemon(true);
                return t;
            });
    private static final java.util.concurrent.ScheduledExecutorService GRACE =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "job-process-grace");
                t.setDaemon(true);
                return t;
            });

    private final Process process;
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private final boolean ownSession;

    private JobProcess(Process process, Thread stdoutPump, Thread stderrPump, boolean ownSession) {
        this.process = process;
        this.stdoutPump = stdoutPump;
        this.stderrPump = stderrPump;
        this.ownSession = ownSession;
    }

    /** Starts {@code argv} in {@code cwd} with exactly {@code env}; each output line goes to {@code lines}. */
    public static JobProcess start(List<String> argv, Map<String, String> env, Path cwd, Consumer<String> lines)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        boolean ownSession = SETSID != null;
        if (ownSession) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        Thread out = pump(p.getInputStream(), lines, "job-stdout-" + p.pid());
        Thread err = pump(p.getErrorStream(), lines, "job-stderr-" + p.pid());
        return new JobProcess(p, out, err, ownSession);
    }

    private static Thread pump(InputStream in, Consumer<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the stream closes when the process tree is killed; nothing more to read
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Completes with the exit code once the main process has exited, its leftover children are stopped (a
     * container ends when its main process does) and its output is read.
     */
    public CompletableFuture<Integer> exit() {
        return process.onExit().thenApplyAsync(p -> {
            killSession(true);
            join(stdoutPump);
            join(stderrPump);
            return p.exitValue();
        }, SIGNALS);
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM to the whole tree, SIGKILL to whatever is left after {@code graceMillis}. */
    public void stop(long graceMillis) {
        // signalled off the caller's thread: callers hold the Batch state lock, and kill(1) is a process start
        CompletableFuture.runAsync(() -> stopNow(graceMillis), SIGNALS);
    }

    /** Stops the tree now; with {@code graceMillis <= 0}, SIGKILL at once and return when it is sent. */
    void stopNow(long graceMillis) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        if (graceMillis <= 0) {
            killSession(true);
            tree.forEach(ProcessHandle::destroyForcibly);
            return;
        }
        killSession(false);
        tree.forEach(ProcessHandle::destroy);
        GRACE.schedule(() -> SIGNALS.execute(() -> {
            if (!process.isAlive() && process.descendants().findAny().isEmpty()) {
                return; // it heeded SIGTERM
            }
            List<ProcessHandle> now = new ArrayList<>(tree);
            process.descendants().forEach(now::add);
            killSession(true);
            now.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }), graceMillis, TimeUnit.MILLISECONDS);
    }

    /** Signals every process of the job's session (its process group), including orphaned grandchildren. */
    private void killSession(boolean force) {
        if (!ownSession) {
            return;
        }
        try {
            new ProcessBuilder("kill", force ? "-KILL" : "-TERM", "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): descendants() still covers the children that kept their parent
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
