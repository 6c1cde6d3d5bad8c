package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;

/** A catalogue of broken documents: each gives one diagnostic at the right line:col, with a hint where useful. */
class ErrorMessagesTest {

    static Stream<Arguments> brokenDocuments() {
        return Stream.of(
                // version line
                bad("version 1.3\n",
                        "1:9", "unknown WDL version '1.3'", "supported versions: 1.0, 1.1, 1.2 and development"),
                bad("version\n", "1:1", "the version line names no version", "supported versions"),
                bad("task t { command { x } }\nversion 1.0\n",
                        "2:1", "the version line must be the first line of the document", null),
                // unclosed bodies name their opener
                bad("version 1.1\ntask t {\n  command <<< >>>\n\nworkflow w {}\n",
                        "5:1", "expected '}' to close the task body opened at line 2, found 'workflow'", null),
                bad("version 1.1\ntask t {\n  input { Int x }\n  command <<< >>>\n",
                        "5:1", "expected '}' to close the task body opened at line 2, found the end of the file", null),
                bad("version 1.1\nworkflow w {\n  scatter (x in [1]) {\n    Int y = x\n  \n}\n",
                        "7:1", "expected '}' to close the workflow body opened at line 2, found the end of the file",
                        null),
                bad("version 1.1\nworkflow w {\n  if (true) {\n    Int y = 1\n\ntask t { command <<< >>> }\n",
                        "6:1", "expected '}' to close the if block opened at line 3, found 'task'", null),
                bad("version 1.1\nworkflow w {\n  Int x = (1 + 2\n  Int y = 3\n}\n",
                        "4:3", "expected ')' to close the parenthesis opened at line 3, found 'Int'", null),
                bad("version 1.1\nworkflow w {\n  Array[Int] x = [1, 2\n}\n",
                        "4:1", "expected ']' to close the array literal opened at line 3, found '}'", null),
                bad("version 1.1\nworkflow w {\n  scatter (x in xs {\n  }\n}\n",
                        "5:1", "expected ')' to close the scatter header opened at line 3, found '}'", null),
                // calls
                bad("version 1.0\nworkflow w {\n  call t { x = 1 }\n}\n",
                        "3:12", "expected 'input:' before the call inputs, found 'x'", "optional only from WDL 1.1 on"),
                bad("version 1.0\nworkflow w {\n  call t { input: x }\n}\n",
                        "3:21", "expected '=' after call input 'x', found '}'", "requires WDL 1.1"),
                bad("version 1.0\nworkflow w {\n  call t after u\n}\n",
                        "3:10", "'after' on a call requires WDL 1.1 or later (this document is version 1.0)",
                        "declare 'version 1.1'"),
                bad("version 1.1\nworkflow w {\n  call\n}\n",
                        "4:1", "expected the name of the task or workflow to call, found '}'", null),
                // declarations and sections
                bad("version 1.1\nworkflow w {\n  Int x = \n}\n", "4:1", "expected an expression, found '}'", null),
                bad("version 1.1\nworkflow w {\n  Int input = 3\n}\n",
                        "3:7", "'input' is a reserved word in WDL 1.1 and cannot be used as a declaration name", null),
                bad("version 1.1\ntask t {\n  command { echo }\n  output { Int x }\n}\n",
                        "4:18", "expected '=' and a value for output 'x', found '}'", "Type name = expression"),
                bad("version 1.1\ntask t {\n  output { Int x = 1 }\n}\n",
                        "2:1", "task 't' has no command section", "add 'command <<< >>>'"),
                bad("version 1.1\ntask t {\n  command <<< a >>>\n  runtime { docker: \"x\" }\n  runtime { cpu: 1 }\n}\n",
                        "5:3", "task 't' has a second runtime section; the first is at line 4", "merge"),
                bad("version 1.1\ntask t {\n  command <<< >>>\n  requirements { cpu: 1 }\n}\n",
                        "4:3", "the requirements section requires WDL 1.2 or later", "declare 'version 1.2'"),
                bad("version 1.1\nworkflow w {\n  if (a) {\n    output { Int x = 1 }\n  }\n}\n",
                        "4:5", "the output section must be at the top level of the workflow", null),
                bad("version 1.1\nworkflow w {\n  output\n}\n",
                        "4:1", "expected '{' after 'output' to open the output section, found '}'", null),
                bad("version 1.1\nworkflow w {\n  runtime { cpu: 1 }\n}\n",
                        "3:3", "a workflow cannot have a runtime section", null),
                bad("version 1.1\nimport \"lib/my-tasks.wdl\"\n", "2:8",
                        "the file name of \"lib/my-tasks.wdl\" does not make a valid namespace ('my-tasks')",
                        "import \"lib/my-tasks.wdl\" as some_name"),
                bad("version 1.1\nworkflow w {\n  call t { input: a = 1,\n    a = 2 }\n}\n",
                        "4:5", "call input 'a' is given twice (first at line 3)", null),
                bad("version 1.1\nworkflow w {\n  meta { a: 1, b: { c: 1, c: 2 } }\n}\n",
                        "3:27", "meta key 'c' appears twice in the same object", null),
                bad("version 1.2\ntask t {\n  command <<< >>>\n  requirements { cpu: 1 cpu: 2 }\n}\n",
                        "4:25", "requirement 'cpu' appears twice", null),
                bad("version 1.1\nworkflow w {}\nworkflow v {}\n",
                        "3:1", "a document may hold only one workflow; 'w' is already defined at line 2", null),
                bad("version 1.0\nfoo\n", "2:1", "expected 'import', 'struct', 'task' or 'workflow', found 'foo'", null),
                // types
                bad("version 1.1\nworkflow w {\n  Array[Int x = []\n}\n",
                        "3:13", "expected ']' to close the type parameters of Array opened at line 3, found 'x'", null),
                bad("version 1.1\nworkflow w {\n  Int+ x = 1\n}\n",
                        "3:6", "the non-empty quantifier '+' applies only to Array types, not Int", null),
                bad("version 1.1\nworkflow w {\n  Map[Int] m = {}\n}\n",
                        "3:10", "expected ',' between the key and value types of Map, found ']'", null),
                bad("struct S { Int x }\n", "1:1", "a struct definition requires WDL 1.0 or later", "version 1.0"),
                // strings, placeholders, characters
                bad("version 1.1\nworkflow w {\n  Int x = \"abc\n}\n",
                        "3:11", "unterminated string: no closing \" before the end of the file", null),
                bad("version 1.1\nworkflow w {\n  String x = \"a ~{y\"\n}\n",
                        "3:20", "expected '}' to close the placeholder opened at line 3 column 17, found '\"'", null),
                bad("version 1.1\nworkflow w {\n  String s = \"~{sep=',' }\"\n}\n",
                        "3:15", "the placeholder has options but no expression", null),
                bad("version 1.1\nworkflow w {\n  String s = \"~{sap=',' xs}\"\n}\n",
                        "3:17", "unknown placeholder option 'sap'", "sep=, true=, false= and default="),
                bad("version 1.1\nimport \"a~{b}.wdl\"\n",
                        "2:10", "a placeholder is not allowed here: this string must be a constant", null),
                bad("version 1.1\nimport foo.wdl\n",
                        "2:8", "expected the quoted URI of the imported document after 'import', found 'foo'", null),
                bad("version 1.1\nworkflow w {\n  Int x = 1 & 2\n}\n",
                        "3:13", "unexpected character '&' (did you mean '&&'?)", null),
                bad("version 1.1\nworkflow w {\n  Int x = 12abc\n}\n", "3:11", "malformed number '12abc'", null),
                bad("version 1.1\ntask t {\n  command {\n    echo {\n",
                        "3:3", "the command section opened at line 3 is not closed: no '}' before the end of the file",
                        null),
                bad("version 1.1\ntask t {\n  command {\n    echo ${#files[@]}\n  }\n}\n",
                        "4:10", "empty placeholder", "use command <<< >>>, where only ~{...} is a placeholder"),
                bad("task t {\n  command <<<\n    echo ${x:-default}\n  >>>\n}\n",
                        "3:13", "expected '}' to close the placeholder opened at line 3 column 10, found ':'",
                        "in a draft-2 command ${...} is always a WDL placeholder"),
                bad("version 1.1\nworkflow w {\n  Int x = 2 ** 3\n}\n",
                        "3:13", "the exponentiation operator '**' requires WDL 1.2 or later", "version 1.2"),
                bad("version 1.1\ntask t {\n  meta { a: b }\n  command <<< >>>\n}\n",
                        "3:13", "expected a meta value (a string, number, true, false, null, array or object), found 'b'",
                        null),
                // a 1.x file without its version line is read as draft-2: the hint says so
                bad("task t {\n  input { String s }\n  command <<< echo ~{s} >>>\n}\n",
                        "2:3", "an input section is not WDL draft-2", "no version line"),
                bad("task t {\n  String s\n  command <<< echo ~{s} >>>\n  output { String o = s + }\n}\n",
                        "4:27", "expected an expression, found '}'", "no version line"),
                bad("workflow w {\n  String? s = None\n}\n", "2:15", "the None literal requires WDL 1.1", "version 1.1"));
    }

    private static Arguments bad(String text, String lineCol, String message, String hint) {
        return Arguments.of(text, lineCol, message, hint);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("brokenDocuments")
    void reportsLineColumnMessageAndHint(String text, String lineCol, String message, String hint) {
        WdlException e = catchThrowableOfType(WdlException.class, () -> Parser.parseDocument(text, "bad.wdl"));
        assertThat(e).as("no error for %s", text).isNotNull();
        assertThat(e.diagnostics()).hasSize(1);
        Diagnostic d = e.diagnostics().get(0);
        assertThat(d.pos().file() + ":" + d.pos().line() + ":" + d.pos().column()).isEqualTo("bad.wdl:" + lineCol);
        assertThat(d.message()).startsWith(message);
        if (hint != null) {
            assertThat(d.hint()).contains(hint);
        }
        assertThat(e.getMessage()).startsWith("bad.wdl:" + lineCol + ": error: " + message);
    }
}
