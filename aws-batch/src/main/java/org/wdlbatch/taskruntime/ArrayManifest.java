package org.wdlbatch.taskruntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The file an array job's children find their task directories in: line {@code i} (0-based) is the absolute
 * task directory of the child with {@code AWS_BATCH_JOB_ARRAY_INDEX = i}. Written once per array job (one file
 * for up to 10,000 tasks) before the job is submitted.
 */
public final class ArrayManifest {

    private ArrayManifest() {}

    public static String render(List<Path> taskDirs) {
        StringBuilder sb = new StringBuilder();
        for (Path d : taskDirs) {
            String s = d.toAbsolutePath().toString();
            if (s.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("task directory " + s + " contains a line break");
            }
            sb.append(s).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, List<Path> taskDirs) throws IOException {
        Files.writeString(file, render(taskDirs), StandardCharsets.UTF_8);
    }

    public static List<Path> read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(Path::of).toList();
    }
}
