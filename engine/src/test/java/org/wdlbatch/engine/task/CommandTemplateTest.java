package org.wdlbatch.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.source.SourcePos;

class CommandTemplateTest {

    private static final StringPart.Placeholder INFILE =
            new StringPart.Placeholder(SourcePos.UNKNOWN, new Expr.Ident(SourcePos.UNKNOWN, "infile"), List.of());

    private static StringPart text(String s) {
        return new StringPart.Text(s);
    }

    @Test
    void stripsCommonIndentationLikeTheSpecPythonExample() {
        List<StringPart> template = List.of(
                text("\n  python <<CODE\n    with open(\""), INFILE, text("\") as fp:\n      for line in fp:\n"
                        + "        print(line.strip())\n  CODE\n  "));
        CommandTemplate.Result r = CommandTemplate.strip(template);
        assertThat(r.mixedIndentation()).isFalse();
        assertThat(r.parts()).containsExactly(
                text("python <<CODE\n  with open(\""), INFILE,
                text("\") as fp:\n    for line in fp:\n      print(line.strip())\nCODE\n"));
    }

    @Test
    void aPlaceholderAtTheStartOfALineIsContentAndBlankLinesDoNotCount() {
        List<StringPart> template = List.of(text("\n    echo a\n\n  "), INFILE, text(" > x\n    "));
        assertThat(CommandTemplate.strip(template).parts())
                .containsExactly(text("  echo a\n\n"), INFILE, text(" > x\n"));
    }

    @Test
    void mixedTabsAndSpacesAreLeftUnchangedAndReported() {
        List<StringPart> template = List.of(text("\n\techo a\n    echo b\n"));
        CommandTemplate.Result r = CommandTemplate.strip(template);
        assertThat(r.mixedIndentation()).isTrue();
        assertThat(r.parts()).containsExactly(text("\techo a\n    echo b\n"));
    }

    @Test
    void singleLineCommandIsKept() {
        assertThat(CommandTemplate.strip(List.of(text(" echo hi "))).parts()).containsExactly(text("echo hi \n"));
    }
}
