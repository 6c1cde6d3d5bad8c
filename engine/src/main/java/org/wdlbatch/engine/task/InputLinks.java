package org.wdlbatch.engine.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.wdl.values.Value;

/**
 * A call's input files under {@code work/_inputs/}: linked (or copied) by the engine, or listed in the task
 * directory's {@code links} file for the task job to make; made again for each retry's new {@code work/}.
 */
final class InputLinks {

    /**
     * A link of an input file into the work directory: {@code work/_inputs/<n>/<name> -> source}; {@code byTask}
     * when the task job makes it (listed in the task directory's {@code links} file) rather than the engine.
     */
    private record Link(Path source, Path link, boolean byTask) {}

    private final RunContext ctx;
    private final String taskName;
    private final String callName;
    private final TaskDirectory layout;
    /** The files the call reads while it is prepared: sources of the links the task job will make. */
    private final PendingLinks pendingLinks;
    private final List<Link> links = new ArrayList<>();
    private final Map<Path, Path> inputFolders = new HashMap<>();

    InputLinks(RunContext ctx, String taskName, String callName, TaskDirectory layout, PendingLinks pendingLinks) {
        this.ctx = ctx;
        this.taskName = taskName;
        this.callName = callName;
        this.layout = layout;
        this.pendingLinks = pendingLinks;
    }

    private Path work() {
        return layout.work();
    }

    /**
     * Links (or copies, with {@code copy_input_files}) each input file under {@code work/_inputs/<n>/}, one
     * folder per source folder, so files that sit together (a BAM and its index) stay together. A Directory
     * input becomes a real directory there ({@link InputDirectory}), not a link.
     */
    Value link(String name, Value v) {
        return FileValues.rewrite(v, path -> {
            Path source = work().resolve(path).toAbsolutePath().normalize();
            if (!Files.exists(source)) {
                throw new InputProblem("input " + taskName + "." + name + ": file " + path + " does not exist");
            }
            Path parent = source.getParent();
            Path folder = inputsFolder(parent);
            Path link = folder.resolve(source.getFileName());
            boolean byTask = linkedByTheTask(source, link);
            links.add(new Link(source, link, byTask));
            if (byTask) {
                pendingLinks.add(link, source);
            } else {
                makeLink(source, link);
            }
            return link.toString();
        });
    }

    /** The input files linked (their sources): outputs may point at them without escaping the task directory. */
    List<Path> sources() {
        return links.stream().map(Link::source).toList();
    }

    /**
     * Whether the task job makes this link ({@link org.wdlbatch.engine.backend.TaskBackend#linksInputs()}): plain
     * files only (a Directory input becomes a tree of hard links, which the engine builds; copies are the engine's
     * too), and paths a line of the {@code links} file can hold.
     */
    private boolean linkedByTheTask(Path source, Path link) {
        if (!ctx.backend().linksInputs() || ctx.copyInputFiles() || Files.isDirectory(source)) {
            return false;
        }
        String s = source.toString() + work().relativize(link);
        return s.indexOf('\n') < 0 && s.indexOf('\t') < 0 && s.indexOf('\r') < 0;
    }

    /**
     * The task job's input links, one line each: {@code <link relative to work/> TAB <source>}. One file per call
     * instead of {@code work/}, {@code _inputs/}, a folder per source folder and a link per file before the job is
     * submitted (each a round trip on EFS); the wrapper makes them in every attempt's new {@code work/}.
     */
    void writeLinksForTheTask() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Link l : links) {
            if (l.byTask()) {
                sb.append(work().relativize(l.link())).append('\t').append(l.source()).append('\n');
            }
        }
        if (!sb.isEmpty()) {
            Files.writeString(layout.links(), sb, StandardCharsets.UTF_8);
        }
    }

    /**
     * After the earlier attempt's files moved under {@code attempt-<n>/} (with its {@code work/}): {@code work/} and
     * the input links again, so the next attempt finds its inputs where the command expects them.
     */
    void relink() throws IOException {
        if (!ctx.backend().createsWorkDir()) {
            CallDirectories.createWork(work());
        }
        for (Link l : links) {
            if (!l.byTask()) { // the task job makes the others in its new work/
                makeLink(l.source(), l.link());
            }
        }
    }

    private Path inputsFolder(Path sourceParent) {
        return inputFolders.computeIfAbsent(sourceParent,
                p -> work().resolve("_inputs").resolve(Integer.toString(inputFolders.size())));
    }

    private void makeLink(Path source, Path link) {
        try {
            Files.createDirectories(link.getParent());
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (ctx.copyInputFiles() || ctx.taskOptions().copiesInputsOf(callName, taskName)) {
                copyRecursively(source, link);
            } else if (Files.isDirectory(source)) {
                InputDirectory.present(source, link); // a real directory, so find/du/ls -R descend into it
            } else {
                Files.createSymbolicLink(link, source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyRecursively(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (var walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
