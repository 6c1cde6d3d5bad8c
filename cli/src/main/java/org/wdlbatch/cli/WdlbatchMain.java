package org.wdlbatch.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of the {@code wdlbatch} command. Exit codes: 0 success; 2 usage, parse or type errors; 1 anything
 * else. Never a Java stack trace unless {@code --verbose}: an unexpected exception is an internal error.
 */
@Command(name = "wdlbatch", mixinStandardHelpOptions = true, versionProvider = WdlbatchMain.Version.class,
        description = "Check, bundle and run WDL workflows, locally or on AWS Batch.")
public final class WdlbatchMain implements Runnable {

    /**
     * The subcommands, by name, in the order {@code --help} lists them. Added by {@link #commandLine} rather than
     * through {@code @Command(subcommands = ...)}: picocli builds the model of every declared subcommand
     * (reflection over its annotated fields) when the top command is built, and a cold {@code wdlbatch check}
     * spent about a tenth of its CPU building the models of four commands it does not run.
     */
    static final List<String> SUBCOMMANDS = List.of("check", "zip", "run", "input_template", "report", "help");

    /**
     * A new instance of the subcommand named {@code name} (or an alias), or null. A switch, not a table of
     * constructor references: those would each be linked, and their classes loaded, at every start.
     */
    static Object subcommand(String name) {
        switch (name) {
            case "check": return new CheckCommand();
            case "zip": return new ZipCommand();
            case "run": return new RunCommand();
            case "input_template":
            case "input-template": return new InputTemplateCommand();
            case "report": return new ReportCommand();
            case "help": return new CommandLine.HelpCommand();
            default: return null;
        }
    }

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
        // Logback configured straight from code, without its own start-up (ConsoleLogProvider's javadoc says why); a
        // provider named on the command line wins
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", org.wdlbatch.engine.run.ConsoleLogProvider.class.getName());
            System.setProperty("slf4j.internal.verbosity", "WARN"); // no "SLF4J(I): Attempting to load provider"
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        WdlbatchMain main = new WdlbatchMain();
        CommandLine cmd = commandLine(main, args);
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

    /** The whole command model: the top command and every subcommand (for help, completion and man pages). */
    public static CommandLine commandLine() {
        return commandLine(new WdlbatchMain(), new String[0]);
    }

    /**
     * The command model {@code args} needs: when they name a subcommand to run ({@code check ...}, or
     * {@code --verbose check ...}), the top command and that subcommand only; otherwise (help, a misspelt name, no
     * subcommand) all of them, so that usage errors and suggestions are the same as with the whole model.
     */
    static CommandLine commandLine(WdlbatchMain main, String[] args) {
        // picocli registers converters for java.sql and java.time types in every command model, loading each class
        // by name (java.sql's module too): no option here has such a type (as in submit_awsbatch's SubmitMain)
        if (System.getProperty("picocli.converters.excludes") == null) {
            // one regex: picocli compiles each for each converter it checks
            System.setProperty("picocli.converters.excludes", "java\\.(?:sql|time)\\..*");
        }
        CommandLine cmd = new CommandLine(main);
        int at = args.length > 1 && args[0].equals("--verbose") ? 1 : 0;
        String name = args.length > at ? args[at] : "";
        Object one = name.equals("help") ? null : subcommand(name);
        if (one != null) {
            add(cmd, one);
        } else {
            for (String n : SUBCOMMANDS) {
                add(cmd, subcommand(n));
            }
        }
        return cmd;
    }

    private static void add(CommandLine cmd, Object command) {
        CommandLine sub = new CommandLine(command);
        cmd.addSubcommand(sub.getCommandName(), sub);
    }

    /** The version from the jar manifest when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        public String[] getVersion() {
            return new String[] {org.wdlbatch.aws.BuildInfo.versionLine("wdlbatch")};
        }
    }
}
