package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.WdlException;

/** The end of the file anywhere, and absurd nesting, give WdlExceptions (never another exception). */
class RobustnessTest {

    @Test
    void everyTruncationOfTheCorpusEndsInAClearError() throws IOException {
        int checked = 0;
        for (Path file : CorpusTest.corpusFiles()) {
            String text = Files.readString(file);
            List<String> units = MutationTest.units(text);
            StringBuilder prefix = new StringBuilder();
            for (String unit : units) {
                prefix.append(unit);
                if (!unit.isBlank()) {
                    continue;
                }
                // cut where the next token would start: what follows is simply missing
                String cut = prefix.toString();
                try {
                    Parser.parseDocument(cut, "cut.wdl");
                } catch (WdlException e) {
                    assertThat(e.getMessage()).as("truncated %s:\n%s", file.getFileName(), cut)
                            .containsAnyOf("end of the file", "the version line names no version");
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void deeplyNestedBlocksAreRefused() {
        int n = 5000;
        String doc = "version 1.1\nworkflow w {\n" + "if (true) {\n".repeat(n) + "Int x = 1\n" + "}\n".repeat(n) + "}\n";
        assertThatThrownBy(() -> Parser.parseDocument(doc, "deep.wdl")).isInstanceOf(WdlException.class)
                .hasMessageContaining("nesting deeper than 512");
        String fine = "version 1.1\nworkflow w {\n" + "if (true) {\n".repeat(100) + "Int x = 1\n" + "}\n".repeat(100)
                + "}\n";
        assertThat(Parser.parseDocument(fine, "ok.wdl").workflow().body()).hasSize(1);
    }

    @Test
    void deeplyNestedPlaceholdersAndMetaAreRefused() {
        int n = 3000;
        String strings = "\"~{".repeat(n) + "x" + "}\"".repeat(n);
        assertThatThrownBy(() -> Parser.parseExpression(strings, Version.V1_1)).isInstanceOf(WdlException.class)
                .hasMessageContaining("nesting");
        String meta = "version 1.1\ntask t {\n command <<< >>>\n meta { a: " + "[".repeat(n) + "}\n}\n";
        assertThatThrownBy(() -> Parser.parseDocument(meta, "m.wdl")).isInstanceOf(WdlException.class)
                .hasMessageContaining("nesting");
        String types = "Array[".repeat(n) + "Int" + "]".repeat(n);
        assertThatThrownBy(() -> Parser.parseType(types, Version.V1_1)).isInstanceOf(WdlException.class)
                .hasMessageContaining("nesting");
        String unary = "version 1.1\nworkflow w {\n Int x = " + "-".repeat(100_000) + "1\n}\n";
        assertThatThrownBy(() -> Parser.parseDocument(unary, "u.wdl")).isInstanceOf(WdlException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void oddCharactersAreErrorsWithPositions() {
        assertThatThrownBy(() -> Parser.parseDocument("version 1.1\n\u0000", "z.wdl")).isInstanceOf(WdlException.class)
                .hasMessage("z.wdl:2:1: error: unexpected character U+0000 (expected 'import', 'struct', 'task' or"
                        + " 'workflow')");
        assertThatThrownBy(() -> Parser.parseDocument("version 1.1\nworkflow w { Int x = 1 ` }", "z.wdl"))
                .isInstanceOf(WdlException.class).hasMessageContaining("z.wdl:2:24: error: unexpected character '`'");
    }

    @Test
    void typesParseOnTheirOwn() {
        assertThat(Parser.parseType("Array[Map[String, Pair[File?, Int]]]+?", Version.V1_1))
                .hasToString("Array[Map[String,Pair[File?,Int]]]+?");
        assertThat(Parser.parseType("Directory", Version.V1_2)).hasToString("Directory");
        assertThat(Parser.parseType("MyStruct?", Version.V1_0)).hasToString("MyStruct?");
        assertThatThrownBy(() -> Parser.parseType("Array[Int] x", Version.V1_1)).isInstanceOf(WdlException.class)
                .hasMessage("<type>:1:12: error: expected nothing more after the type, found 'x'");
    }
}
