package org.wdlbatch.engine.cache;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a second name for a file or a directory tree: hard links where the file system allows them (the same
 * bytes, no copy, and the file lives on until its last name is deleted), a copy where it does not (another file
 * system, or one without hard links). Links inside a tree are followed: the second name holds real files, so it
 * never depends on where the first one's links pointed.
 */
final class OwnLinks {

    private OwnLinks() {}

    /** Gives {@code source} (a file or directory, links followed) the new name {@code target}. */
    static void link(Path source, Path target) throws IOException {
        Path real = source.toRealPath();
        if (!Files.isDirectory(real)) {
            linkFile(real, target);
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.walk(real)) {
            entries = s.sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : entries) {
            Path t = target.resolve(real.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(t);
            } else if (Files.isRegularFile(p)) {
                linkFile(p.toRealPath(), t);
            }
            // anything else (a dangling link, a socket) is not part of a result
        }
    }

    private static void linkFile(Path real, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, real);
        } catch (FileSystemException | UnsupportedOperationException e) {
            if (Files.exists(target)) {
                throw e;
            }
            // another file system (EXDEV) or none with hard links: a copy is a name of its own too
            Files.copy(real, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
