package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A run builds the model of the subcommand it names only ({@link WdlbatchMain#commandLine(WdlbatchMain, String[])}),
 * and that model behaves as the whole one: same help, inherited {@code --verbose}, parent injected; anything else
 * (help, a misspelt name) gets the whole model.
 */
class SubcommandModelTest {

    static final List<String> NAMES = List.of("check", "zip", "run", "input_template", "report", "help");

    record Output(int code, String out, String err) {}

    static Output run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WdlbatchMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Output(code, out.toString(), err.toString());
    }

    @Test
    void theWholeModelHasEverySubcommandInHelpOrderUnderTheNamesTheTableGives() {
        CommandLine whole = WdlbatchMain.commandLine();
        assertThat(List.copyOf(new java.util.LinkedHashSet<>(whole.getSubcommands().values())).stream()
                .map(CommandLine::getCommandName)).containsExactlyElementsOf(NAMES);
        assertThat(whole.getSubcommands()).containsKey("input-template");
        assertThat(WdlbatchMain.SUBCOMMANDS).isEqualTo(NAMES);
        // each name (and alias) makes the command of that name
        for (String name : List.of("check", "zip", "run", "input_template", "input-template", "report", "help")) {
            CommandLine.Model.CommandSpec spec = new CommandLine(WdlbatchMain.subcommand(name)).getCommandSpec();
            assertThat(spec.names()).as(name).contains(name);
        }
        assertThat(WdlbatchMain.subcommand("chek")).isNull();
    }

    @Test
    void aRunBuildsOnlyTheSubcommandItNames() {
        for (String name : List.of("check", "zip", "run", "input_template", "input-template", "report")) {
            CommandLine cmd = WdlbatchMain.commandLine(new WdlbatchMain(), new String[] {name, "x.wdl"});
            assertThat(new java.util.HashSet<>(cmd.getSubcommands().values())).as(name).hasSize(1);
            assertThat(cmd.getSubcommands()).as(name).containsKey(name);
        }
        CommandLine verbose = WdlbatchMain.commandLine(new WdlbatchMain(), new String[] {"--verbose", "check", "x"});
        assertThat(verbose.getSubcommands().keySet()).containsExactly("check");
        for (String[] other : List.of(new String[0], new String[] {"help", "check"}, new String[] {"chek"},
                new String[] {"--help"}, new String[] {"--verbose"})) {
            assertThat(new java.util.HashSet<>(WdlbatchMain.commandLine(new WdlbatchMain(), other)
                    .getSubcommands().values())).as(String.join(" ", other)).hasSize(NAMES.size());
        }
    }

    @Test
    void aSubcommandsHelpIsTheSameAsFromTheWholeModel() {
        for (String name : List.of("check", "zip", "run", "input_template", "report")) {
            String alone = WdlbatchMain.commandLine(new WdlbatchMain(), new String[] {name, "--help"})
                    .getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF);
            String within = WdlbatchMain.commandLine().getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(alone).as(name).isEqualTo(within).contains("Usage: wdlbatch " + name).contains("--verbose");
            Output printed = run(name, "--help");
            assertThat(printed.code()).isZero();
            assertThat(printed.out()).isEqualTo(within);
        }
    }

    @Test
    void inheritedOptionsAndTheParentReachTheOneSubcommand() {
        WdlbatchMain main = new WdlbatchMain();
        CommandLine cmd = WdlbatchMain.commandLine(main, new String[] {"run", "x.wdl", "--verbose"});
        cmd.parseArgs("run", "x.wdl", "--verbose");
        assertThat(main.verbose).isTrue();
        RunCommand run = cmd.getSubcommands().get("run").getCommand();
        assertThat(run.parent).isSameAs(main);
    }

    @Test
    void noOptionNeedsAConverterTheStartUpLeavesOut() {
        // commandLine() leaves picocli's java.sql and java.time converters out: an option of such a type would fail
        CommandLine whole = WdlbatchMain.commandLine();
        List<CommandLine> all = new java.util.ArrayList<>(List.of(whole));
        all.addAll(whole.getSubcommands().values());
        for (CommandLine c : all) {
            for (CommandLine.Model.ArgSpec arg : c.getCommandSpec().args()) {
                for (Class<?> type : arg.auxiliaryTypes()) {
                    assertThat(type.getName()).as("%s %s", c.getCommandName(), arg.paramLabel())
                            .doesNotStartWith("java.time.").doesNotStartWith("java.sql.");
                }
            }
        }
    }

    @Test
    void aMisspeltSubcommandGetsTheWholeModelsSuggestion() {
        Output o = run("chek", "x.wdl");
        assertThat(o.code()).isEqualTo(WdlbatchMain.EXIT_USAGE);
        assertThat(o.err()).contains("chek").contains("check");
        assertThat(run("help", "zip").out()).contains("Usage: wdlbatch zip");
    }
}
