package org.wdlbatch.orchestrator.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads what a run directory holds to its S3 folder, whatever state the run ended in:
 * <ul>
 *   <li>{@code calls/<call dir>/outputs.json} and the files they name, for a run that did not finish (its
 *       finished calls' outputs);</li>
 *   <li>{@code out/...}: the output files (the links of {@code out/} followed), same relative layout;</li>
 *   <li>{@code outputs.json}: with each File/Directory path rewritten to the s3:// URI of its upload;</li>
 *   <li>{@code error.json}: on failure, with the failed task's stdout/stderr uploaded next to it as
 *       {@code CommandFailed_stdout.txt} / {@code CommandFailed_stderr.txt}, {@code stdout_file} /
 *       {@code stderr_file} pointing there and the end of stderr in {@code stderr_tail};</li>
 *   <li>{@code workflow.log}, last, so it holds as much as possible.</li>
 * </ul>
 * One failed object does not stop the others; the report lists every failure.
 */
public final class RunUpload {

    private static final Logger LOG = LoggerFactory.getLogger("wdlbatch");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of the failed task's stderr error.json carries inline. */
    static final int STDERR_TAIL_BYTES = 16 * 1024;

    public static final String STDOUT_NAME = "CommandFailed_stdout.txt";
    public static final String STDERR_NAME = "CommandFailed_stderr.txt";

    /** What was uploaded where; {@code failures} empty means everything that existed is in S3. */
    public record Report(S3Folder folder, int objects, List<String> failures) {
        public boolean complete() {
            return failures.isEmpty();
        }
    }

    private final S3Uploader uploader;

    public RunUpload(S3Uploader uploader) {
        this.uploader = uploader;
    }

    public Report upload(Path runDir, S3Folder folder) {
        List<String> failures = new ArrayList<>();
        int[] objects = {0};
        Map<String, String> uploaded = new HashMap<>();
        Path out = runDir.resolve("out");
        if (Files.isDirectory(out)) {
            uploadOutDir(out, folder, uploaded, objects, failures);
        }
        Path outputsJson = runDir.resolve("outputs.json");
        if (Files.isRegularFile(outputsJson)) {
            attempt(failures, objects, () -> {
                JsonNode outputs = JSON.readTree(outputsJson.toFile());
                JsonNode rewritten = OutputsRewriter.rewrite(outputs, s -> uriOfLocalPath(s, uploaded));
                uploader.putText(folder, "outputs.json",
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rewritten) + "\n");
            });
        } else {
            uploadFinishedCalls(runDir, folder, objects, failures);
        }
        Path errorJson = runDir.resolve("error.json");
        if (Files.isRegularFile(errorJson)) {
            attempt(failures, objects, () -> uploadError(errorJson, folder, failures, objects));
        }
        Path log = runDir.resolve("workflow.log");
        if (Files.isRegularFile(log)) {
            attempt(failures, objects, () -> uploader.putFile(folder, "workflow.log", log));
        }
        return new Report(folder, objects[0], failures);
    }

    /** Files under out/ (following the links to the call directories), keyed by their real path for the rewrite. */
    private void uploadOutDir(Path out, S3Folder folder, Map<String, String> uploaded, int[] objects,
            List<String> failures) {
        List<Path> entries;
        try (Stream<Path> s = Files.walk(out, FileVisitOption.FOLLOW_LINKS)) {
            entries = s.toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            failures.add("cannot list " + out + ": " + e.getMessage());
            return;
        }
        for (Path p : entries) {
            String relative = "out/" + out.relativize(p).toString().replace('\\', '/');
            try {
                if (Files.isSymbolicLink(p)) {
                    // the link's target is what outputs.json names (a Directory's link: the folder, as a prefix)
                    uploaded.put(p.toRealPath().toString(),
                            Files.isDirectory(p) ? folder.uri(relative) + "/" : folder.uri(relative));
                }
            } catch (IOException e) {
                failures.add(p + " is a broken link: " + e.getMessage());
                continue;
            }
            if (Files.isRegularFile(p)) {
                attempt(failures, objects, () -> uploader.putFile(folder, relative, p));
            }
        }
    }

    /**
     * A run that did not finish (failed, terminated) has no outputs.json, but its finished calls have theirs:
     * each goes to {@code calls/<call dir>/outputs.json}, rewritten to the uploads of the files it names that lie
     * in the run directory ({@code calls/<path in the run directory>}).
     */
    private void uploadFinishedCalls(Path runDir, S3Folder folder, int[] objects, List<String> failures) {
        List<Path> callOutputs;
        try (Stream<Path> s = Files.walk(runDir, 8)) {
            callOutputs = s.filter(p -> p.getFileName().toString().equals("outputs.json")
                    && p.getParent().getFileName().toString().startsWith("call-")).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            failures.add("cannot list " + runDir + ": " + e.getMessage());
            return;
        }
        S3Folder calls = folder.resolve("calls");
        Path realRunDir;
        try {
            realRunDir = runDir.toRealPath();
        } catch (IOException e) {
            failures.add(e.toString());
            return;
        }
        for (Path callOutputsJson : callOutputs) {
            attempt(failures, objects, () -> {
                Map<String, String> uploaded = new HashMap<>();
                JsonNode outputs = JSON.readTree(callOutputsJson.toFile());
                JsonNode rewritten = OutputsRewriter.rewrite(outputs, v -> {
                    if (!v.startsWith("/") || uploaded.containsKey(v)) {
                        return uploaded.get(v);
                    }
                    try {
                        Path real = Path.of(v).toRealPath();
                        if (!real.startsWith(realRunDir) || !Files.isRegularFile(real)) {
                            return null;
                        }
                        String relative = realRunDir.relativize(real).toString().replace('\\', '/');
                        uploader.putFile(calls, relative, real);
                        objects[0]++;
                        uploaded.put(v, calls.uri(relative));
                        return calls.uri(relative);
                    } catch (IOException | java.nio.file.InvalidPathException e) {
                        failures.add(e.getMessage());
                        return null;
                    }
                });
                String relative = runDir.relativize(callOutputsJson).toString().replace('\\', '/');
                uploader.putText(calls, relative,
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rewritten) + "\n");
            });
        }
    }

    private void uploadError(Path errorJson, S3Folder folder, List<String> failures, int[] objects)
            throws IOException {
        JsonNode error = JSON.readTree(errorJson.toFile());
        if (error instanceof ObjectNode e) {
            ObjectNode copy = e.deepCopy();
            String stdout = e.path("stdout_file").asText(null);
            String stderr = e.path("stderr_file").asText(null);
            if (stdout != null && Files.isRegularFile(Path.of(stdout))) {
                attempt(failures, objects, () -> uploader.putFile(folder, STDOUT_NAME, Path.of(stdout)));
                copy.put("stdout_file", folder.uri(STDOUT_NAME));
            }
            if (stderr != null && Files.isRegularFile(Path.of(stderr))) {
                attempt(failures, objects, () -> uploader.putFile(folder, STDERR_NAME, Path.of(stderr)));
                copy.put("stderr_file", folder.uri(STDERR_NAME));
                copy.put("stderr_tail", tail(Path.of(stderr), STDERR_TAIL_BYTES));
            }
            error = copy;
        }
        uploader.putText(folder, "error.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(error) + "\n");
    }

    private static String uriOfLocalPath(String s, Map<String, String> uploaded) {
        if (!s.startsWith("/")) {
            return null;
        }
        try {
            return uploaded.get(Path.of(s).toRealPath().toString());
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The last {@code max} bytes of a file as text (from the first whole line when cut). */
    static String tail(Path file, int max) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long start = Math.max(0, len - max);
            byte[] buf = new byte[(int) (len - start)];
            f.seek(start);
            f.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            if (start > 0 && text.indexOf('\n') >= 0) {
                text = text.substring(text.indexOf('\n') + 1);
            }
            return text;
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void attempt(List<String> failures, int[] objects, Step step) {
        try {
            step.run();
            objects[0]++;
        } catch (IOException | RuntimeException e) {
            LOG.error("{}", e.getMessage());
            failures.add(e.getMessage());
        }
    }
}
