package org.wdlbatch.orchestrator.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
 *       {@code stderr_file} pointing there and the end of stderr in {@code stderr_tail}; and the failed call's
 *       evidence ({@code command}, {@code task.log}, {@code stdout.txt}, {@code stderr.txt}, {@code rc},
 *       {@code inputs.json}) under {@code failed-call/<call directory>/}, named in {@code failed_call_files};</li>
 *   <li>{@code inputs.json}: the run's inputs;</li>
 *   <li>{@code report.html} and {@code trace.tsv}, the run's report;</li>
 *   <li>{@code workflow.log}, last, so it holds as much as possible.</li>
 * </ul>
 * Only files whose real path (links followed) lies inside the run directory are uploaded: an output that leads
 * elsewhere (a workflow input passed through, or anything the output rule should have refused) is logged and
 * left out, so a run can never copy files it does not own to S3. Every object is confirmed afterwards
 * ({@link S3Uploader#verify}). One failed object does not stop the others; the report lists every failure.
 */
public final class RunUpload {

    private static final Logger LOG = LoggerFactory.getLogger("wdlbatch");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of the failed task's stderr error.json carries inline. */
    static final int STDERR_TAIL_BYTES = 16 * 1024;

    public static final String STDOUT_NAME = "CommandFailed_stdout.txt";
    public static final String STDERR_NAME = "CommandFailed_stderr.txt";
    /** Where the failed call's files go, under the run's folder. */
    public static final String FAILED_CALL_FOLDER = "failed-call";
    /** The run's report and trace (engine.report), written before the upload at the end of every run. */
    static final List<String> REPORT_FILES = List.of("report.html", "trace.tsv");

    /** The failed call's files uploaded next to error.json, as they are named in its directory. */
    static final List<String> FAILED_CALL_FILES = List.of("command", "task.log", "stdout.txt", "stderr.txt", "rc",
            "inputs.json");
    /** The file in a run directory holding the id its S3 objects carry (the same for every upload of the run). */
    static final String UPLOAD_ID_FILE = ".wdlbatch-upload-id";

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

    /**
     * The id the S3 objects of the run in {@code runDir} carry: made on the first upload, kept in the run directory,
     * so an upload repeated for the same run (after {@code --resume}) may replace its own objects and no other's.
     */
    public static String uploadId(Path runDir) throws IOException {
        Path file = runDir.resolve(UPLOAD_ID_FILE);
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = runDir.getFileName() + "-" + java.util.UUID.randomUUID();
        Path tmp = runDir.resolve(UPLOAD_ID_FILE + "." + ProcessHandle.current().pid());
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    public Report upload(Path runDir, S3Folder folder) {
        List<String> failures = new ArrayList<>();
        int[] objects = {0};
        Map<String, String> uploaded = new HashMap<>();
        Path realRunDir;
        try {
            realRunDir = runDir.toRealPath();
        } catch (IOException e) {
            return new Report(folder, 0, List.of("cannot read the run directory " + runDir + ": " + e));
        }
        Path out = runDir.resolve("out");
        if (Files.isDirectory(out)) {
            uploadOutDir(out, realRunDir, folder, uploaded, objects, failures);
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
            attempt(failures, objects, () -> uploadError(errorJson, realRunDir, folder, failures, objects));
        }
        Path inputs = runDir.resolve("inputs.json");
        if (Files.isRegularFile(inputs)) {
            attempt(failures, objects, () -> uploader.putFile(folder, "inputs.json", inputs));
        }
        for (String report : REPORT_FILES) {
            Path file = runDir.resolve(report);
            if (Files.isRegularFile(file)) {
                attempt(failures, objects, () -> uploader.putFile(folder, report, file));
            }
        }
        Path log = runDir.resolve("workflow.log");
        if (Files.isRegularFile(log)) {
            attempt(failures, objects, () -> uploader.putFile(folder, "workflow.log", log));
        }
        List<String> unconfirmed = uploader.verify();
        unconfirmed.forEach(m -> LOG.error("{}", m));
        failures.addAll(unconfirmed);
        return new Report(folder, objects[0], failures);
    }

    /** The real path of {@code p} when it lies inside the run directory; null (and a log line) when not. */
    private static Path inside(Path p, Path realRunDir, String what) throws IOException {
        Path real = p.toRealPath();
        if (real.startsWith(realRunDir)) {
            return real;
        }
        LOG.warn("not uploaded: {} {} resolves to {}, outside the run directory {} (only files inside the run"
                + " directory are uploaded)", what, p, real, realRunDir);
        return null;
    }

    /** Files under out/ (following the links to the call directories), keyed by their real path for the rewrite. */
    private void uploadOutDir(Path out, Path realRunDir, S3Folder folder, Map<String, String> uploaded,
            int[] objects, List<String> failures) {
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
                if (inside(p, realRunDir, "output") == null) {
                    continue;
                }
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

    private void uploadError(Path errorJson, Path realRunDir, S3Folder folder, List<String> failures,
            int[] objects) throws IOException {
        JsonNode error = JSON.readTree(errorJson.toFile());
        if (error instanceof ObjectNode e) {
            ObjectNode copy = e.deepCopy();
            String stdout = insideOrNull(e.path("stdout_file").asText(null), realRunDir);
            String stderr = insideOrNull(e.path("stderr_file").asText(null), realRunDir);
            uploadFailedCall(e.path("dir").asText(null), realRunDir, folder, copy, failures, objects);
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

    /**
     * The failed call's own files, which a person debugging it needs (its script, its log, what it printed, its
     * exit status and inputs), go to {@code failed-call/<call directory relative to the run>/} before anything
     * may be deleted; {@code failed_call_files} in the uploaded error.json names each.
     */
    private void uploadFailedCall(String dir, Path realRunDir, S3Folder folder, ObjectNode errorCopy,
            List<String> failures, int[] objects) {
        String callDir = insideOrNull(dir, realRunDir);
        if (callDir == null || !Files.isDirectory(Path.of(callDir))) {
            return;
        }
        String relative = realRunDir.relativize(Path.of(callDir)).toString().replace('\\', '/');
        S3Folder target = folder.resolve(FAILED_CALL_FOLDER + (relative.isEmpty() ? "" : "/" + relative));
        ObjectNode files = errorCopy.putObject("failed_call_files");
        for (String name : FAILED_CALL_FILES) {
            Path f = Path.of(callDir).resolve(name);
            if (Files.isRegularFile(f) && insideOrNull(f.toString(), realRunDir) != null) {
                attempt(failures, objects, () -> uploader.putFile(target, name, f));
                files.put(name, target.uri(name));
            }
        }
    }

    /** {@code path} when its real path is inside the run directory; null when absent, unreadable or outside. */
    private static String insideOrNull(String path, Path realRunDir) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        try {
            Path real = inside(Path.of(path), realRunDir, "error.json names");
            return real == null ? null : real.toString();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return null;
        }
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
        boolean cut = java.nio.file.Files.size(file) > max;
        String text = org.wdlbatch.engine.rundir.FileTail.read(file, max);
        if (cut && text.indexOf('\n') >= 0) {
            text = text.substring(text.indexOf('\n') + 1);
        }
        return text;
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
