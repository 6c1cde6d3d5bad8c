package org.wdlbatch.engine.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Runs each attempt on this machine: {@code bash command} in {@code work/} as a host process, or, when a
 * container tool (docker or podman) is configured and the task names an image, inside that image
 * ({@link ContainerCommand}). Stdout and stderr are appended to the task directory's files and the exit status
 * is written to {@code rc}. Termination kills the whole process tree (descendants first) and, for containers,
 * the container itself, so no orphans are left behind.
 */
public final class LocalBackend implements TaskBackend {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);

    /** {@code docker} or {@code podman}, or null to run every task on the host. */
    private final String containerTool;

    /** A backend that runs every task as a host process. */
    public LocalBackend() {
        this(null);
    }

    public LocalBackend(String containerTool) {
        this(containerTool, null);
    }

    /**
     * @param user {@code uid:gid} the containers run as ({@code --as-me}), or null for the image's own user
     */
    public LocalBackend(String containerTool, String user) {
        this.containerTool = containerTool;
        this.user = user;
    }

    /** {@code uid:gid} for containers ({@code [task_runtime] as_user}), or null. */
    private final String user;

    /** Whether the run was told, once, that tasks name images they do not run in. */
    private final java.util.concurrent.atomic.AtomicBoolean hostRunOfImagesTold =
            new java.util.concurrent.atomic.AtomicBoolean();

    private record Running(TaskAttempt attempt, Process process) {}

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> terminating = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "local";
    }

    /** The image that runs is the local engine's (pulled from its registry when it is not here yet). */
    @Override
    public List<org.wdlbatch.engine.image.DigestLookup> imageDigestLookups(java.time.Duration timeout) {
        if (containerTool == null) {
            return List.of(); // tasks run on the host: their image decides nothing
        }
        return List.of(new org.wdlbatch.engine.image.LocalEngineLookup(containerTool),
                new org.wdlbatch.engine.image.RegistryManifestLookup(timeout));
    }

    @Override
    public void start(TaskAttempt attempt, Consumer<TaskExit> onExit) {
        Process process;
        try {
            Files.createDirectories(attempt.workDir());
            ProcessBuilder pb = new ProcessBuilder(argv(attempt))
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
        running.put(attempt.id(), new Running(attempt, process));
        LOG.debug("started {} as pid {}", attempt.id(), process.pid());
        process.onExit().whenComplete((p, err) -> {
            running.remove(attempt.id());
            boolean killed = terminating.remove(attempt.id()) != null;
            int rc = p.exitValue();
            writeRc(attempt, rc);
            onExit.accept(killed ? TaskExit.terminated() : TaskExit.exited(rc));
        });
    }

    private List<String> argv(TaskAttempt attempt) {
        String image = attempt.resources().container();
        if (containerTool == null && image != null) {
            // a task's image silently not used would make "works here, fails on AWS" (and the reverse) a mystery
            attempt.note().accept("runs on this host; its image " + image + " is not used ([task_runtime]"
                    + " container_backend = host)");
            if (hostRunOfImagesTold.compareAndSet(false, true)) {
                LOG.warn("tasks name container images (first: {} in {}) but run on this host with its own tools;"
                        + " to run them in their images set [task_runtime] container_backend = docker or podman"
                        + " (e.g. WDLBATCH__TASK_RUNTIME__CONTAINER_BACKEND=podman)", image, attempt.callName());
            }
        }
        if (containerTool != null && image != null) {
            return ContainerCommand.argv(containerTool, attempt, inputPaths(attempt), user);
        }
        return List.of("bash", attempt.commandFile().toString());
    }

    /**
     * What the input links under {@code work/_inputs} point at, as written in the links (mounted read-only into
     * containers at those paths). Links into the task directory and dangling links need no mount.
     */
    static List<Path> inputPaths(TaskAttempt attempt) {
        Path inputs = attempt.directory().inputs();
        if (!Files.isDirectory(inputs)) {
            return List.of();
        }
        // Files.walk does not follow links, so a linked input folder is one entry, not its whole tree.
        try (var links = Files.walk(inputs)) {
            return links.filter(Files::isSymbolicLink)
                    .map(LocalBackend::linkTarget)
                    .filter(t -> t != null && Files.exists(t))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            LOG.warn("cannot list the inputs of {}: {}", attempt.id(), e.toString());
            return List.of();
        }
    }

    private static Path linkTarget(Path link) {
        try {
            return link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        } catch (IOException e) {
            return null;
        }
    }

    private static String tmpDir(TaskAttempt attempt) throws IOException {
        var tmp = ContainerCommand.tmpDir(attempt);
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
        Running r = running.get(attempt.id());
        if (r != null) {
            terminating.put(attempt.id(), Boolean.TRUE);
            stop(r);
        }
    }

    @Override
    public void terminateAll() {
        List<Running> all = new ArrayList<>(running.values());
        running.forEach((id, r) -> terminating.put(id, Boolean.TRUE));
        for (Running r : all) {
            stop(r);
        }
        for (Running r : all) {
            try {
                r.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Ends an attempt. A container is killed first: its client ({@code docker run} / {@code podman run}) only
     * forwards SIGTERM to the container's bash, which as PID 1 ignores it, so killing the client first would
     * just wait out the grace period. Then the process tree goes, and last the container is removed in case the
     * client was stopped before it had created it (its {@code --rm} never ran then).
     */
    private void stop(Running r) {
        boolean inContainer = containerTool != null && r.attempt().resources().container() != null;
        String name = ContainerCommand.containerName(r.attempt());
        if (inContainer) {
            containerTool(r.attempt(), "kill", name);
        }
        killTree(r.process().toHandle());
        if (inContainer) {
            containerTool(r.attempt(), "rm", "-f", name);
        }
    }

    private void containerTool(TaskAttempt attempt, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(containerTool);
        argv.addAll(List.of(args));
        try {
            // "no such container" is expected when the container has already gone: nothing to report.
            new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("cannot {} the container of {}: {}", args[0], attempt.id(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
