package org.wdlbatch.engine.rundir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command of a run's {@code rerun} script: the original {@code wdlbatch run} command line with its WDL replaced
 * by the one the run directory kept and its inputs ({@code key=value} arguments, {@code -i FILE}) replaced by the
 * run's {@code inputs.json}; every other option as given. So it works where the original WDL is gone or was never
 * a file ({@code shipped:} bundles of workflow jobs).
 */
public final class RerunCommand {

    /** {@code wdlbatch run} options that take a value (the inputs ones are dropped). */
    private static final Set<String> WITH_VALUE = Set.of("-i", "--input", "--task", "-d", "--dir", "--cfg",
            "--backend", "--s3upload", "--delete-after", "--resume", "-o", "--output", "--none", "--empty",
            "--runtime-defaults");
    /** Inputs (inputs.json holds their result, --none and --empty included) and --resume. */
    private static final Set<String> DROPPED = Set.of("-i", "--input", "--resume", "--none", "--empty");

    private RerunCommand() {}

    /**
     * @param commandLine the original command, {@code wdlbatch [global options] run WDL [args...]}
     * @param wdl what to run instead of the original WDL
     * @param inputsJson the run's {@code inputs.json}
     */
    public static List<String> of(List<String> commandLine, String wdl, Path inputsJson) {
        List<String> out = new ArrayList<>();
        int i = 0;
        // the program and anything up to the subcommand (global options such as --verbose)
        while (i < commandLine.size()) {
            String a = commandLine.get(i++);
            out.add(a);
            if (a.equals("run")) {
                break;
            }
        }
        if (!out.contains("run")) {
            out.add("run");
        }
        out.add(wdl);
        out.add("-i");
        out.add(inputsJson.toString());
        for (; i < commandLine.size(); i++) {
            String a = commandLine.get(i);
            if (a.startsWith("-") && a.length() > 1) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                boolean takesNext = WITH_VALUE.contains(name) && !a.contains("=");
                if (DROPPED.contains(name)) {
                    i += takesNext ? 1 : 0;
                    continue;
                }
                out.add(a);
                if (takesNext && i + 1 < commandLine.size()) {
                    out.add(commandLine.get(++i));
                }
            }
            // positionals: the original WDL and key=value inputs, both replaced above
        }
        return out;
    }
}
