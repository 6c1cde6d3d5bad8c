package org.wdlbatch.cli.docs;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One man page in roff (the {@code man(7)} macros) from a picocli command: NAME, SYNOPSIS, DESCRIPTION, OPTIONS,
 * ARGUMENTS, the footer (examples, exit status) and SEE ALSO. Plain roff rather than picocli-codegen's AsciiDoc,
 * which needs asciidoctor (Ruby) to become a man page: {@code man} reads these as they are.
 */
final class ManPage {

    private ManPage() {}

    static String of(String page, CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        String qualified = spec.qualifiedName();
        StringBuilder sb = new StringBuilder();
        sb.append(".TH ").append(page.toUpperCase()).append(" 1 \"\" \"wdlbatch\" \"User Commands\"\n");
        sb.append(".SH NAME\n").append(escape(page)).append(" \\- ")
                .append(escape(firstSentence(spec.usageMessage().description()))).append('\n');
        sb.append(".SH SYNOPSIS\n.nf\n")
                .append(escape(plain(new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(
                        CommandLine.Help.Ansi.OFF)).synopsis(0)).strip())).append("\n.fi\n");
        sb.append(".SH DESCRIPTION\n");
        paragraphs(sb, spec.usageMessage().description());
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            sb.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                sb.append(".TP\n").append(Arrays.stream(o.names()).map(n -> "\\fB" + escape(n) + "\\fR")
                        .collect(Collectors.joining(", ")));
                if (o.arity().max() > 0) {
                    sb.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                sb.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
            }
        }
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            sb.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                sb.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n")
                        .append(escape(String.join(" ", p.description()))).append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            new java.util.LinkedHashSet<>(spec.subcommands().values()).forEach(sub -> {
                String name = sub.getCommandName();
                if (!name.equals("help")) {
                    sb.append(".TP\n\\fB").append(escape(name)).append("\\fR\n").append(escape(firstSentence(
                            sub.getCommandSpec().usageMessage().description()))).append(" See \\fB")
                            .append(escape(page + "-" + name)).append("\\fR(1).\n");
                }
            });
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            sb.append(".SH NOTES\n.nf\n");
            for (String line : footer) {
                sb.append(escape(line)).append('\n');
            }
            sb.append(".fi\n");
        }
        sb.append(".SH SEE ALSO\n").append(escape(qualified)).append(" \\-\\-help; the documentation in docs/ of the"
                + " distribution.\n");
        return sb.toString();
    }

    private static void paragraphs(StringBuilder sb, String[] lines) {
        for (String line : lines) {
            if (line.isBlank()) {
                sb.append(".PP\n");
            } else {
                sb.append(escape(line.strip())).append('\n');
            }
        }
    }

    private static String firstSentence(String[] description) {
        return description.length == 0 ? "" : description[0].strip();
    }

    /** picocli's markup (@|bold ...|@) and ANSI codes out. */
    private static String plain(String s) {
        return s.replaceAll("\u001B\\[[0-9;]*m", "");
    }

    /** Backslashes doubled, hyphens as minus signs, a leading dot or quote kept from being read as a request. */
    static String escape(String s) {
        String e = plain(s).replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : e.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}
