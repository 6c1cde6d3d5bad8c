package org.wdlbatch.engine.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each attempt as a host process: {@code bash command} in {@code work/}, stdout and stderr appended to the
 * task directory's files, the exit status written to {@code rc}. The process is started in its own process
 * group-less tree; termination kills the whole tree (descendants first), so no orphans are left behind.
 */
public final class LocalBackend implements TaskBackend {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);

    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> terminating = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void start(TaskAttempt attempt, Consumer<TaskExit> onExit) {
        Process process;
        try {
            Files.createDirectories(attempt.workDir());
            ProcessBuilder pb = new ProcessBuilder("bash", attempt.commandFile().toString())
                    .directory(attempt.workDir().toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(attempt.stdoutFile().toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(attempt.stderrFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(attempt.env());
            pb.environment().put("TMPDIR", tmpDir(attempt));
            process = pb.start();
        } catch (IOException e) {
            onExit.accept(TaskExit.failedToRun("cannot start bash for " + attempt.commandFile() + ": "
                    + e.getMessage()));
            return;
        }
        running.put(attempt.id(), process);
        LOG.debug("started {} as pid {}", attempt.id(), process.pid());
        process.onExit().whenComplete((p, err) -> {
            running.remove(attempt.id());
            boolean killed = terminating.remove(attempt.id()) != null;
            int rc = p.exitValue();
            writeRc(attempt, rc);
            onExit.accept(killed ? TaskExit.terminated() : TaskExit.exited(rc));
        });
    }

    private static String tmpDir(TaskAttempt attempt) throws IOException {
        var tmp = attempt.taskDir().resolve("tmp");
        Files.createDirectories(tmp);
        return tmp.toString();
    }

    private static void writeRc(TaskAttempt attempt, int rc) {
        try {
            Files.writeString(attempt.rcFile(), Integer.toString(rc), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", attempt.rcFile(), e.toString());
        }
    }

    @Override
    public void terminate(TaskAttempt attempt) {
        Process p = running.get(attempt.id());
        if (p != null) {
            terminating.put(attempt.id(), Boolean.TRUE);
            killTree(p.toHandle());
        }
    }

    @Override
    public void terminateAll() {
        List<Process> all = new ArrayList<>(running.values());
        running.forEach((id, p) -> terminating.put(id, Boolean.TRUE));
        for (Process p : all) {
            killTree(p.toHandle());
        }
        for (Process p : all) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * SIGTERM to the descendants and the process, then SIGKILL to whatever is left after a short grace period.
     * Descendants are collected first: once the parent dies they are re-parented and no longer findable.
     */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (ProcessHandle h : tree) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }
}
