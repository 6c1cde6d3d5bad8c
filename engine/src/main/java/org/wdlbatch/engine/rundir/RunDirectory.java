package org.wdlbatch.engine.rundir;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The layout of one run under {@code --dir} (the same on local disk and on EFS):
 * <pre>
 * &lt;dir&gt;/&lt;yyyymmdd_HHMMSS&gt;_&lt;workflow&gt;/   workflow.log, inputs.json, outputs.json, error.json, rerun, out/,
 *                                      run.json + workflow.zip (the WDL it ran), jobs.journal (submitted jobs)
 *     call-&lt;name&gt;[-&lt;scatter index&gt;]/         command, stdout.txt, stderr.txt, rc, task.log, work/
 * &lt;dir&gt;/_LAST -&gt; newest run;  &lt;dir&gt;/_CACHE/call/...
 * </pre>
 */
public record RunDirectory(Path root, Path path, String runId) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    /**
     * Creates a new run directory for {@code workflowName} under {@code root}. Two runs started in the same second
     * get {@code _2}, {@code _3}, ... suffixes; creation is atomic, so concurrent runs never share a directory.
     */
    public static RunDirectory create(Path root, String workflowName, LocalDateTime now) throws IOException {
        Files.createDirectories(root);
        String base = STAMP.format(now) + "_" + workflowName;
        for (int n = 1; ; n++) {
            String name = n == 1 ? base : base + "_" + n;
            Path dir = root.resolve(name);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            RunDirectory run = new RunDirectory(root.toAbsolutePath(), dir.toAbsolutePath(), name);
            run.pointLastHere();
            return run;
        }
    }

    /** An existing run directory ({@code --resume}): its parent is the root it was created in. */
    public static RunDirectory open(Path path) throws IOException {
        Path dir = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no such run directory");
        }
        return new RunDirectory(dir.getParent(), dir, dir.getFileName().toString());
    }

    /** Makes {@code <root>/_LAST} point at this run, replacing the old link atomically. */
    void pointLastHere() throws IOException {
        Path tmp = root.resolve("._LAST." + ProcessHandle.current().pid() + "." + System.nanoTime());
        Files.createSymbolicLink(tmp, root.relativize(path));
        try {
            Files.move(tmp, root.resolve("_LAST"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, root.resolve("_LAST"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Path callCacheDir() {
        return root.resolve("_CACHE").resolve("call");
    }

    /** {@code call-<name>} or {@code call-<name>-<i>-<j>} for calls inside (nested) scatters. */
    public Path callDir(String callName, int... scatterIndexes) {
        StringBuilder sb = new StringBuilder("call-").append(callName);
        for (int i : scatterIndexes) {
            sb.append('-').append(i);
        }
        return path.resolve(sb.toString());
    }

    public Path workflowLog() {
        return path.resolve("workflow.log");
    }

    public Path inputsJson() {
        return path.resolve("inputs.json");
    }

    public Path outputsJson() {
        return path.resolve("outputs.json");
    }

    public Path errorJson() {
        return path.resolve("error.json");
    }

    public Path rerunScript() {
        return path.resolve("rerun");
    }

    public Path outDir() {
        return path.resolve("out");
    }
}
