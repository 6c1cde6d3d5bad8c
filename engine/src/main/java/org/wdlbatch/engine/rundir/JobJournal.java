package org.wdlbatch.engine.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.json.JsonText;

/**
 * {@code <run dir>/jobs.journal}: every job submitted for the run's task attempts, one JSON line per submission,
 * appended as soon as the job id comes back, so a run can be resumed after its orchestrator died ({@code kill -9},
 * out of memory, host lost) without paying twice for a job that is still running or has already ended.
 *
 * <pre>
 * {"call":"call-align-3","attempt":2,"job":"7f0c..."}                      a single job
 * {"array":"9a1b...","attempt":1,"manifest":"call-align.array-1.manifest"}  an array job: child i runs line i of
 *                                                                            the manifest (an absolute task dir)
 * </pre>
 * {@code call} is the task directory relative to the run directory (the call's id). Append-only: a later line for
 * the same call (a retry, a resubmission on the fallback queue) supersedes an earlier one. Each line is one
 * {@code write} of an {@code O_APPEND} file, forced to the file system before the method returns (on EFS, the
 * server has it), so a reader never sees half a line from a finished write; a torn last line from a crash in the
 * middle of a write is ignored when reading.
 */
public final class JobJournal implements AutoCloseable {

    public static final String FILE = "jobs.journal";

    /** The latest job of a call: its attempt number and Batch job id ({@code parent:index} for array children). */
    public record Job(String call, int attempt, String jobId) {}

    private final Path runDir;
    private FileChannel channel;

    private JobJournal(Path runDir) {
        this.runDir = runDir;
    }

    /** The journal of a run directory, opened for appending on the first record. */
    public static JobJournal of(Path runDir) {
        return new JobJournal(runDir);
    }

    public Path file() {
        return runDir.resolve(FILE);
    }

    /** A single job for attempt {@code attempt} of the call whose task directory is {@code taskDir}. */
    public void single(Path taskDir, int attempt, String jobId) throws IOException {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("call", callOf(taskDir)).put("attempt", attempt).put("job", jobId);
        append(n);
    }

    /** An array job whose child {@code i} runs the task directory on line {@code i} of {@code manifest}. */
    public void array(String parentJobId, int attempt, Path manifest) throws IOException {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("array", parentJobId).put("attempt", attempt).put("manifest", callOf(manifest));
        append(n);
    }

    private String callOf(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path root = runDir.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    private synchronized void append(ObjectNode n) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        ByteBuffer b = ByteBuffer.wrap((n.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // every record was forced when written
            }
            channel = null;
        }
    }

    /**
     * The latest job of every call in a run directory's journal, by call id; empty when there is no journal. Array
     * lines are expanded through their manifests (a manifest that cannot be read leaves its children out: they
     * are submitted again).
     */
    public static Map<String, Job> read(Path runDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(runDir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Path root = runDir.toAbsolutePath().normalize();
        Map<String, Job> jobs = new HashMap<>();
        for (String line : lines) {
            JsonNode n;
            try {
                n = JsonText.read(line);
            } catch (IOException e) {
                continue; // a torn line from a crash while writing it: that submission's id never came back
            }
            if (n == null || !n.isObject()) {
                continue;
            }
            int attempt = n.path("attempt").asInt(1);
            if (n.hasNonNull("call") && n.hasNonNull("job")) {
                String call = n.get("call").asText();
                jobs.put(call, new Job(call, attempt, n.get("job").asText()));
            } else if (n.hasNonNull("array") && n.hasNonNull("manifest")) {
                List<String> dirs;
                try {
                    dirs = Files.readAllLines(root.resolve(n.get("manifest").asText()), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue;
                }
                String parent = n.get("array").asText();
                for (int i = 0; i < dirs.size(); i++) {
                    Path dir = Path.of(dirs.get(i)).toAbsolutePath().normalize();
                    String call = dir.startsWith(root) ? root.relativize(dir).toString() : dir.toString();
                    jobs.put(call, new Job(call, attempt, parent + ":" + i));
                }
            }
        }
        return jobs;
    }
}
