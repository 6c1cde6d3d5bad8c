package org.wdlbatch.wdl.stdlib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files on the local disk: relative paths resolve against {@code workDir}, {@code write_*} files go to
 * {@code writeDir}, glob lists regular files under {@code workDir}, and stdout/stderr are given paths (or absent).
 */
public final class LocalFileAccess implements FileAccess {

    private final Path workDir;
    private final Path writeDir;
    private final Path stdout;
    private final Path stderr;

    public LocalFileAccess(Path workDir, Path writeDir, Path stdout, Path stderr) {
        this.workDir = workDir.toAbsolutePath().normalize();
        this.writeDir = writeDir.toAbsolutePath().normalize();
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Reads and globs in {@code dir}, writes there too, no stdout/stderr. */
    public LocalFileAccess(Path dir) {
        this(dir, dir, null, null);
    }

    /** The same, with a task's stdout and stderr files. */
    public LocalFileAccess withStdio(Path out, Path err) {
        return new LocalFileAccess(workDir, writeDir, out, err);
    }

    public Path workDir() {
        return workDir;
    }

    public Path resolve(String path) {
        if (path.startsWith("file://")) {
            path = path.substring("file://".length());
        }
        return workDir.resolve(path);
    }

    @Override
    public String read(String path) throws IOException {
        try {
            return Files.readString(resolve(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("file not found: " + path, e);
        }
    }

    @Override
    public String write(String nameHint, String content) throws IOException {
        Files.createDirectories(writeDir);
        Path f = Files.createTempFile(writeDir, nameHint + "_", suffixFor(nameHint));
        Files.writeString(f, content, StandardCharsets.UTF_8);
        try {
            // temp files are owner-only; a task container may run as another user and must read it
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: leave the defaults
        }
        return f.toString();
    }

    private static String suffixFor(String hint) {
        if (hint.endsWith("json")) {
            return ".json";
        }
        if (hint.endsWith("tsv") || hint.endsWith("map") || hint.contains("object")) {
            return ".tsv";
        }
        return ".txt";
    }

    @Override
    public List<String> glob(String pattern) throws IOException {
        // Walk only as deep as the pattern has path components, as Bash does (no recursive **).
        String[] parts = pattern.split("/+");
        boolean absolute = pattern.startsWith("/");
        Path base = absolute ? Path.of("/") : workDir;
        List<Path> current = List.of(base);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            boolean last = i == parts.length - 1;
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!hasGlobChars(part)) {
                    Path p = dir.resolve(part);
                    if (last ? Files.isRegularFile(p) : Files.isDirectory(p)) {
                        next.add(p);
                    }
                    continue;
                }
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + part);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<Path> matched = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path p : ds) {
                        String name = p.getFileName().toString();
                        if (name.startsWith(".") && !part.startsWith(".")) {
                            continue; // Bash skips dotfiles unless the pattern names them
                        }
                        if (m.matches(p.getFileName()) && (last ? Files.isRegularFile(p) : Files.isDirectory(p))) {
                            matched.add(p);
                        }
                    }
                }
                matched.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
                next.addAll(matched);
            }
            current = next;
        }
        List<String> out = new ArrayList<>();
        for (Path p : current) {
            if (!p.equals(base)) {
                out.add(p.toString());
            }
        }
        return out;
    }

    private static boolean hasGlobChars(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    @Override
    public long size(String path) throws IOException {
        Path p = resolve(path);
        if (!Files.exists(p)) {
            throw new IOException("file not found: " + path);
        }
        if (Files.isDirectory(p)) {
            long total = 0;
            try (Stream<Path> s = Files.walk(p)) {
                for (Path f : (Iterable<Path>) s::iterator) {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(f)) {
                        total += Files.size(f);
                    }
                }
            }
            return total;
        }
        return Files.size(p);
    }

    @Override
    public String stdout() {
        if (stdout == null) {
            return FileAccess.super.stdout();
        }
        return stdout.toString();
    }

    @Override
    public String stderr() {
        if (stderr == null) {
            return FileAccess.super.stderr();
        }
        return stderr.toString();
    }
}
