package org.wdlbatch.engine.task;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

/**
 * Presents a Directory input to the command as a real directory: the same tree of real folders, each file a hard
 * link to the original (a copy where a hard link is impossible: another file system, or a file the engine may not
 * link). A symlink to the folder would not do: {@code find DIR -type f}, {@code du DIR} and {@code ls -R DIR} do not
 * descend into a symlinked start point, and miniwdl and Cromwell give tasks a real directory (a bind mount).
 *
 * <p>Symbolic links inside the source are followed (as miniwdl's copy of input directories does), so the task sees
 * the files they point at. Inside a container the tree needs no mount of its own: it lives in the task directory,
 * and hard links are the files themselves. As with linked input files, a command that writes into an input file
 * in place changes the original; deleting or adding files in the presented tree does not.
 */
final class InputDirectory {

    private InputDirectory() {}

    /** Builds the tree of {@code source} at {@code target} (which must not exist yet). */
    static void present(Path source, Path target) throws IOException {
        Files.walkFileTree(source, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Path t = target.resolve(source.relativize(file).toString());
                        if (attrs.isRegularFile()) {
                            link(file.toRealPath(), t);
                        }
                        // sockets, fifos, devices and dangling links are not data a task reads: left out
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof FileSystemLoopException || Files.isSymbolicLink(file)) {
                            return FileVisitResult.CONTINUE; // a link cycle or a dangling link: nothing to present
                        }
                        throw e;
                    }
                });
    }

    private static void link(Path file, Path target) throws IOException {
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            // EXDEV (another file system), EPERM (fs.protected_hardlinks), or no hard links at all: copy
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
