package org.wdlbatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of the {@code wdlbatch} command. Exit codes: 0 success; 2 usage, parse or type errors; 1 anything
 * else. Never a Java stack trace unless {@code --verbose}: an unexpected exception is an internal error.
 */
@Command(name = "wdlbatch", mixinStandardHelpOptions = true, versionProvider = WdlbatchMain.Version.class,
        description = "Check, bundle and run WDL workflows, locally or on AWS Batch.",
        subcommands = {CheckCommand.class, ZipCommand.class, RunCommand.class, InputTemplateCommand.class,
                ReportCommand.class, CommandLine.HelpCommand.class})
public final class WdlbatchMain implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--verbose", description = "Print stack traces of internal errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (check, zip, run, input_template, report)");
    }

    public static void main(String[] args) {
        if (PrerenderedHelp.printIfPrerendered(args, System.out)) {
            System.exit(EXIT_OK);
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        WdlbatchMain main = new WdlbatchMain();
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("wdlbatch: " + ex.getMessage());
            // picocli's own "Did you mean" for a misspelt flag or subcommand
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            CommandLine c = ex.getCommandLine();
            err.println("usage: see `" + c.getCommandSpec().qualifiedName() + " --help`");
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("wdlbatch: internal error: " + ex);
            if (main.verbose) {
                ex.printStackTrace(err);
            } else {
                err.println("(run again with --verbose for the stack trace)");
            }
            return EXIT_FAILED;
        });
        try {
            int code = cmd.execute(args);
            out.flush();
            err.flush();
            return code;
        } catch (RuntimeException | Error e) {
            // Anything picocli itself did not catch (it should catch all; this is the last line of defence).
            err.println("wdlbatch: internal error: " + e);
            err.flush();
            return EXIT_FAILED;
        }
    }

    /** The version from the jar manifest when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        public String[] getVersion() {
            return new String[] {org.wdlbatch.aws.BuildInfo.versionLine("wdlbatch")};
        }
    }
}
