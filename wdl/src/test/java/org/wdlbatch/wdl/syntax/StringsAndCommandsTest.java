package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.CommandSection;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.WdlException;

/** The lexer modes: string literals, escapes, placeholders, commands, heredocs and 1.2 multi-line strings. */
class StringsAndCommandsTest {

    private static Expr.StringLit str(String text, Version v) {
        return (Expr.StringLit) Parser.parseExpression(text, v);
    }

    private static String textOf(Expr.StringLit s) {
        StringBuilder b = new StringBuilder();
        for (StringPart p : s.parts()) {
            b.append(p instanceof StringPart.Text t ? t.text() : Canonical.part(p));
        }
        return b.toString();
    }

    private static CommandSection command(String version, String commandText) {
        String doc = (version == null ? "" : "version " + version + "\n") + "task t {\n" + commandText + "\n}\n";
        return Parser.parseDocument(doc, "t.wdl").tasks().get(0).command();
    }

    private static String commandText(CommandSection c) {
        StringBuilder b = new StringBuilder();
        for (StringPart p : c.parts()) {
            b.append(p instanceof StringPart.Text t ? t.text() : Canonical.part(p));
        }
        return b.toString();
    }

    @Test
    void escapesAreDecoded() {
        assertThat(textOf(str("\"a\\nb\\tc\\\\d\\\"e\\'f\"", Version.V1_1))).isEqualTo("a\nb\tc\\d\"e'f");
        assertThat(textOf(str("'\\$\\~\\101\\x42\\u0043\\U0001F600'", Version.V1_1))).isEqualTo("$~ABC\uD83D\uDE00");
        // unknown escapes stay as written (regexes for sub())
        assertThat(textOf(str("\"\\.bam$\"", Version.V1_1))).isEqualTo("\\.bam$");
        assertThatThrownBy(() -> str("\"\\xZZ\"", Version.V1_1)).isInstanceOf(WdlException.class)
                .hasMessageContaining("<expression>:1:2: error: malformed escape");
    }

    @Test
    void placeholdersInBothStylesAndNested() {
        Expr.StringLit s = str("\"a~{x}b${y + 1}c\"", Version.V1_1);
        assertThat(s.parts()).hasSize(5);
        assertThat(textOf(s)).isEqualTo("a~{x}b~{(y + 1)}c");
        // a string inside a placeholder inside a string
        assertThat(textOf(str("\"<~{sep(\",\", [\"a~{z}\", '}'])}>\"", Version.V1_1)))
                .isEqualTo("<~{sep(\",\", [\"a~{z}\", \"}\"])}>");
        // escaped placeholder openers, lone $ and ~
        assertThat(textOf(str("\"\\~{x} \\${y} $HOME ~/x\"", Version.V1_1))).isEqualTo("~{x} ${y} $HOME ~/x");
        Expr.StringLit empty = str("''", Version.V1_1);
        assertThat(empty.parts()).containsExactly(new StringPart.Text(""));
    }

    @Test
    void draft2HasOnlyDollarPlaceholders() {
        assertThat(str("\"~{x}\"", Version.DRAFT_2).parts()).containsExactly(new StringPart.Text("~{x}"));
        assertThat(str("\"${x}\"", Version.DRAFT_2).parts()).hasSize(1)
                .first().isInstanceOf(StringPart.Placeholder.class);
    }

    @Test
    void placeholderOptions() {
        Expr.StringLit s = str("\"~{sep=', ' xs} ~{true='yes' false=\"no\" b} ${default=\"d\" v}\"", Version.V1_0);
        assertThat(textOf(s)).isEqualTo("~{sep=\", \" xs} ~{true=\"yes\" false=\"no\" b} ~{default=\"d\" v}");
        StringPart.Placeholder p = (StringPart.Placeholder) s.parts().get(0);
        assertThat(p.options()).extracting(StringPart.PlaceholderOption::name).containsExactly("sep");
        assertThatThrownBy(() -> str("\"~{}\"", Version.V1_1)).isInstanceOf(WdlException.class)
                .hasMessageContaining("empty placeholder");
    }

    @Test
    void unterminatedStringsAndPlaceholders() {
        assertThatThrownBy(() -> str("\"abc", Version.V1_1)).isInstanceOf(WdlException.class)
                .hasMessage("<expression>:1:1: error: unterminated string: no closing \" before the end of the file");
        assertThatThrownBy(() -> str("\"a ~{x \"", Version.V1_1)).isInstanceOf(WdlException.class)
                .hasMessageContaining("opened at line 1 column 4");
    }

    @Test
    void braceCommandKeepsTextVerbatimWithBalancedBraces() {
        CommandSection c = command("1.0", "command {\n  awk '{print $1}' ${in} | sed 's/\\t/ /' > ~{out}\n}");
        assertThat(c.heredoc()).isFalse();
        assertThat(commandText(c)).isEqualTo("\n  awk '{print $1}' ~{in} | sed 's/\\t/ /' > ~{out}\n");
        assertThat(c.parts().get(1)).isInstanceOf(StringPart.Placeholder.class);
    }

    @Test
    void braceCommandWithUnbalancedOpenBraceEndsAtFirstClose() {
        CommandSection c = command("1.0", "command {\n  echo \"{\"\n}");
        assertThat(commandText(c)).isEqualTo("\n  echo \"{\"\n");
        Document d = Parser.parseDocument("task a {\n command { echo '{' > x }\n output { File f = \"x\" }\n}\n"
                + "task b {\n command { echo } \n}\n", "t.wdl");
        assertThat(d.tasks()).hasSize(2);
        assertThat(commandText(d.tasks().get(0).command())).isEqualTo(" echo '{' > x ");
    }

    @Test
    void heredocCommandHasOnlyTildePlaceholdersIn1x() {
        CommandSection c = command("1.1", "command <<<\n  echo ${HOME} ~{name} $(date) }} >> log > x\n>>>");
        assertThat(c.heredoc()).isTrue();
        assertThat(commandText(c)).isEqualTo("\n  echo ${HOME} ~{name} $(date) }} >> log > x\n");
        assertThat(c.parts()).hasSize(3);
    }

    @Test
    void draft2HeredocUsesDollarPlaceholders() {
        CommandSection c = command(null, "command <<<\n  echo ${name} ~{x}\n>>>");
        assertThat(c.parts()).hasSize(3);
        assertThat(commandText(c)).isEqualTo("\n  echo ~{name} ~{x}\n");
        assertThat(((StringPart.Text) c.parts().get(2)).text()).isEqualTo(" ~{x}\n");
    }

    @Test
    void placeholdersWithStringsAndBracesInsideCommands() {
        CommandSection c = command("1.1",
                "command <<<\n  python -c \"print('~{sep(\"}\", ['>>>', \"~{x}\"])}')\"\n>>>");
        assertThat(commandText(c)).isEqualTo("\n  python -c \"print('~{sep(\"}\", [\">>>\", \"~{x}\"])}')\"\n");
    }

    @Test
    void unterminatedCommand() {
        assertThatThrownBy(() -> Parser.parseDocument("version 1.1\ntask t {\n  command <<<\n echo\n", "t.wdl"))
                .isInstanceOf(WdlException.class)
                .hasMessage("t.wdl:3:3: error: the command section opened at line 3 is not closed: no '>>>' before"
                        + " the end of the file");
    }

    @Test
    void multilineStringsFollowTheSpecExamples() {
        String doc = "version 1.2\nworkflow w {\n  output {\n"
                + "    String hw0 = \"hello  world\"\n"
                + "    String hw1 = <<<hello  world>>>\n"
                + "    String hw2 = <<<   hello  world   >>>\n"
                + "    String hw4 = <<<   \n        hello  world\n        >>>\n"
                + "    String hw5 = <<<   \n        hello  world\n    >>>\n"
                + "    String hw6 = <<<\n        hello  \\\n            world\n    >>>\n"
                + "    String not_equivalent = <<<\n    hello \\\\\n      world\n    >>>\n"
                + "    String b = <<<\n\n    this is a\n\n      multi-line string\n\n    >>>\n"
                + "    String p = <<<\n      a ~{x}\n        b \\~{y}\n    >>>\n"
                + "  }\n}\n";
        Document d = Parser.parseDocument(doc, "m.wdl");
        List<String> values = d.workflow().outputs().stream().map(o -> textOf((Expr.StringLit) o.expr())).toList();
        assertThat(values.subList(0, 6)).containsOnly("hello  world");
        assertThat(values.get(6)).isEqualTo("hello \\\n  world");
        assertThat(values.get(7)).isEqualTo("\nthis is a\n\n  multi-line string\n");
        assertThat(values.get(8)).isEqualTo("a ~{x}\n  b ~{y}");
        assertThat(((Expr.StringLit) d.workflow().outputs().get(1).expr()).multiline()).isTrue();
    }
}
