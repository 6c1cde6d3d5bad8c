package org.wdlbatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wdlbatch check FILE...}: parse and type-check each file with its imports. Exit 0 when all are fine; else
 * exit 2 with one line per problem on stderr, {@code path:line:col: error: message}, a hint indented below.
 * What the spec forbids but Cromwell and miniwdl accept is accepted with a {@code path:line:col: warning: ...} line.
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = {
        "Parse and type-check WDL files with their imports.",
        "Prints one line per problem: path:line:col: error: message (a hint, if any, on the next line).",
        "Exit status: 0 when every file is fine, 2 otherwise."},
        footer = {"", "Examples:",
                "  wdlbatch check pipeline.wdl",
                "  wdlbatch check workflows/*.wdl",
                "  wdlbatch check bundle.zip"})
final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "WDL files, http(s) URLs or bundle zips")
    List<String> files = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Frontend frontend = new Frontend();
        Set<String> printed = new LinkedHashSet<>();
        int failed = 0;
        for (String file : files) {
            try {
                for (Diagnostic w : frontend.check(file).warnings()) {
                    if (printed.add(w.format())) {
                        err.println(w.format()); // accepted (docs/compatibility.md), exit status unchanged
                    }
                }
                out.println(file + ": ok");
            } catch (WdlException e) {
                failed++;
                for (Diagnostic d : e.diagnostics()) {
                    // A broken file imported by several checked files is reported once.
                    if (printed.add(d.format())) {
                        err.println(d.format());
                    }
                }
            }
        }
        if (files.size() > 1 && failed > 0) {
            err.println(failed + " of " + files.size() + " files have problems");
        }
        return failed == 0 ? WdlbatchMain.EXIT_OK : WdlbatchMain.EXIT_USAGE;
    }
}
