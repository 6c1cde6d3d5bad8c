package org.wdlbatch.engine.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.wdlbatch.wdl.json.JsonText;

/**
 * {@code <run dir>/run.json}: what a run ran, so that {@code --resume} can continue it and {@code rerun} can start
 * it again without the original files: the WDL as given, the bundle kept in the run directory (null when the WDL
 * is a URL, which is read again), and the task run alone ({@code --task}) if any.
 *
 * @param wdl the WDL argument as the run was given it (a path, URL, bundle zip, or {@code shipped:} name)
 * @param bundle the file name of the kept bundle in the run directory ({@value #BUNDLE}), or null
 * @param task the task run with {@code --task}, or null for the workflow
 */
public record RunRecord(String wdl, String bundle, String task) {

    public static final String FILE = "run.json";
    public static final String BUNDLE = "workflow.zip";

    public void write(Path runDir) throws IOException {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("wdl", wdl);
        n.put("bundle", bundle);
        n.put("task", task);
        Files.writeString(runDir.resolve(FILE), JsonText.pretty(n));
    }

    /** @throws NoSuchFileException when the directory is not a run directory of this version */
    public static RunRecord read(Path runDir) throws IOException {
        JsonNode n = JsonText.read(Files.readString(runDir.resolve(FILE)));
        return new RunRecord(text(n, "wdl"), text(n, "bundle"), text(n, "task"));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** What a resumed run loads: the kept bundle, else the WDL as given (a URL). */
    public String source(Path runDir) {
        return bundle != null ? runDir.resolve(bundle).toString() : wdl;
    }
}
