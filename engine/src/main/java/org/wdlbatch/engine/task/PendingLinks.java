package org.wdlbatch.engine.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wdlbatch.wdl.stdlib.FileAccess;
import org.wdlbatch.wdl.stdlib.LocalFileAccess;

/**
 * The files a call sees while it is prepared, when its input links are made later by the task job
 * ({@link org.wdlbatch.engine.backend.TaskBackend#linksInputs()}): an input is bound to its link path under
 * {@code work/_inputs/}, which does not exist yet in the orchestrator, so {@code size()} and {@code read_*()} of it
 * (a memory computed from an input's size, a list read for the command) read the source the link will point at.
 */
final class PendingLinks implements FileAccess {

    private final LocalFileAccess files;
    /** Link (absolute, normalized) -> source. */
    private final Map<Path, Path> links = new ConcurrentHashMap<>();

    PendingLinks(LocalFileAccess files) {
        this.files = files;
    }

    void add(Path link, Path source) {
        links.put(link.toAbsolutePath().normalize(), source);
    }

    boolean isEmpty() {
        return links.isEmpty();
    }

    private String target(String path) {
        Path source = links.isEmpty() ? null : links.get(files.resolve(path).toAbsolutePath().normalize());
        return source != null ? source.toString() : path;
    }

    @Override
    public String read(String path) throws IOException {
        return files.read(target(path));
    }

    @Override
    public String write(String nameHint, String content) throws IOException {
        return files.write(nameHint, content);
    }

    @Override
    public List<String> glob(String pattern) throws IOException {
        return files.glob(pattern);
    }

    @Override
    public long size(String path) throws IOException {
        return files.size(target(path));
    }

    @Override
    public String stdout() {
        return files.stdout();
    }

    @Override
    public String stderr() {
        return files.stderr();
    }
}
