package org.wdlbatch.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.wdlbatch.wdl.bundle.BundleWriter;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.check.TypeChecker;
import org.wdlbatch.wdl.load.DocumentGraph;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wdlbatch zip WDL -o bundle.zip}: the checked main document and all its imports, relative layout kept. */
@Command(name = "zip", mixinStandardHelpOptions = true, description = {
        "Bundle a WDL file and all its imports into one zip, keeping their relative layout.",
        "The document must parse and type-check; problems are printed as by `wdlbatch check` (exit 2).",
        "Imports by http(s) URL are not copied; they are fetched when the bundle is loaded."},
        footer = {"", "Examples:",
                "  wdlbatch zip workflows/assemble.wdl -o assemble.zip",
                "  wdlbatch run assemble.zip -i inputs.json"})
final class ZipCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WDL", description = "the main WDL file")
    String wdl;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "ZIP", description = "the bundle to write")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            DocumentGraph graph = new Frontend().load(wdl);
            TypeChecker.check(graph);
            String main = BundleWriter.write(graph, output);
            spec.commandLine().getOut().println("wrote " + output + " (main document " + main + ", "
                    + graph.documents().size() + " document" + (graph.documents().size() == 1 ? "" : "s") + ")");
            return WdlbatchMain.EXIT_OK;
        } catch (WdlException e) {
            for (Diagnostic d : e.diagnostics()) {
                spec.commandLine().getErr().println(d.format());
            }
            return WdlbatchMain.EXIT_USAGE;
        } catch (IOException e) {
            spec.commandLine().getErr().println("wdlbatch: cannot write " + output + ": " + e.getMessage());
            return WdlbatchMain.EXIT_FAILED;
        }
    }
}
