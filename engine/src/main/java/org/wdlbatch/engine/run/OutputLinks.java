package org.wdlbatch.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.engine.task.FileValues;

/**
 * Fills {@code out/} with a symbolic link per output file: {@code out/<output>/<file name>}, and for arrays
 * {@code out/<output>/<index>/<file name>}, so a person finds a run's results without digging through call
 * directories. Links are relative, so the run directory can be moved or mounted elsewhere.
 */
public final class OutputLinks {

    private OutputLinks() {}

    public static void write(Path outDir, Map<String, Value> outputs) throws IOException {
        for (Map.Entry<String, Value> e : outputs.entrySet()) {
            String name = e.getKey().contains(".") ? e.getKey().substring(e.getKey().indexOf('.') + 1) : e.getKey();
            link(outDir.resolve(name), e.getValue());
        }
    }

    private static void link(Path dir, Value v) throws IOException {
        if (v instanceof FileValue || v instanceof DirectoryValue) {
            Path target = Path.of(FileValues.paths(v).get(0));
            if (!target.isAbsolute()) {
                return; // a String made a File in the workflow (an Object member): no file of the run to link
            }
            Files.createDirectories(dir);
            Path link = dir.resolve(target.getFileName().toString());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, dir.relativize(target));
            }
        } else if (v instanceof ArrayValue a) {
            for (int i = 0; i < a.size(); i++) {
                link(dir.resolve(Integer.toString(i)), a.get(i));
            }
        } else {
            // files inside maps, pairs and structs: one folder for all, named by position
            int i = 0;
            for (String p : FileValues.paths(v)) {
                link(dir.resolve(Integer.toString(i++)), new FileValue(p));
            }
        }
    }
}
