package org.wdlbatch.wdl.stdlib;

import java.io.IOException;
import java.util.List;

/**
 * How the standard library reaches files. The runtime implements it per task or workflow (paths of File values,
 * the task's work directory, where {@code write_*} files go, the task's stdout/stderr); {@link LocalFileAccess} is a
 * plain local-directory implementation.
 *
 * <p>Paths are the strings held by File/Directory values; an implementation resolves relative ones against its
 * working directory.
 */
public interface FileAccess {

    /** The whole content of the file at {@code path}, as UTF-8 text. */
    String read(String path) throws IOException;

    /**
     * Writes {@code content} to a new file with a unique name (starting with {@code nameHint}, e.g.
     * {@code write_lines}) and returns its path as a File value should hold it.
     */
    String write(String nameHint, String content) throws IOException;

    /**
     * The regular files (not directories) matching a Bash glob relative to the working directory, in the order Bash
     * would list them; paths as File values should hold them.
     */
    List<String> glob(String pattern) throws IOException;

    /** Size in bytes of a file, or the total size of the files under a directory. */
    long size(String path) throws IOException;

    /** The task's standard output file. */
    default String stdout() {
        throw new UnsupportedOperationException("stdout() is only available in a task's output section");
    }

    /** The task's standard error file. */
    default String stderr() {
        throw new UnsupportedOperationException("stderr() is only available in a task's output section");
    }

    /** The last path component of {@code path} (trailing slashes ignored), as WDL's {@code basename} sees it. */
    default String basename(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash >= 0 && p.length() > 1 ? p.substring(slash + 1) : p;
    }

    /** A FileAccess for evaluation where no file may be touched: every file operation fails. */
    FileAccess NONE = new FileAccess() {
        @Override public String read(String path) throws IOException {
            throw new IOException("reading files is not available here (" + path + ")");
        }
        @Override public String write(String nameHint, String content) throws IOException {
            throw new IOException("writing files is not available here");
        }
        @Override public List<String> glob(String pattern) throws IOException {
            throw new IOException("glob() is only available in a task's output section");
        }
        @Override public long size(String path) throws IOException {
            throw new IOException("size() of files is not available here (" + path + ")");
        }
    };
}
