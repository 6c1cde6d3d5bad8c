package org.wdlbatch.cli.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Build time ({@code distribution} module): writes the bash/zsh completion script and the man pages of each
 * launcher from its picocli model, into {@code OUT/share/bash-completion/completions/NAME} and
 * {@code OUT/share/man/man1/NAME.1} (plus {@code NAME-SUB.1} for each subcommand). Arguments: {@code OUT} and
 * {@code NAME=CLASS} for each launcher, CLASS its {@code @Command} class.
 */
public final class CliDocs {

    private CliDocs() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CliDocs OUT NAME=CLASS...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Path completions = Files.createDirectories(out.resolve("share/bash-completion/completions"));
        Path man1 = Files.createDirectories(out.resolve("share/man/man1"));
        for (int i = 1; i < args.length; i++) {
            String name = args[i].substring(0, args[i].indexOf('='));
            Class<?> type = Class.forName(args[i].substring(args[i].indexOf('=') + 1));
            CommandLine cl = model(type);
            cl.setCommandName(name);
            // picocli's script: bash's `complete -F`, and under zsh through bashcompinit (it loads that itself)
            Files.writeString(completions.resolve(name), AutoComplete.bash(name, cl));
            writeManPages(man1, name, cl);
        }
    }

    /**
     * The launcher's whole command model: its {@code public static CommandLine commandLine()} when it has one (a
     * command that adds its subcommands itself, only those a run needs), else picocli's model of the class.
     */
    static CommandLine model(Class<?> type) throws ReflectiveOperationException {
        try {
            return (CommandLine) type.getMethod("commandLine").invoke(null);
        } catch (NoSuchMethodException e) {
            return new CommandLine(type);
        }
    }

    private static void writeManPages(Path man1, String page, CommandLine cl) throws IOException {
        Files.writeString(man1.resolve(page + ".1"), ManPage.of(page, cl));
        // a subcommand with aliases is in the map once per name: one page, under its own name
        for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
            if (sub.getCommandSpec().usageMessage().hidden() || sub.getCommandName().equals("help")) {
                continue;
            }
            writeManPages(man1, page + "-" + sub.getCommandName(), sub);
        }
    }
}
