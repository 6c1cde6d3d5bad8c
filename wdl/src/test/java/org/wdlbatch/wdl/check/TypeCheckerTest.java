package org.wdlbatch.wdl.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.types.Type;

class TypeCheckerTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private CheckedDocument check(String text) throws IOException {
        return new Frontend(uri -> {
            throw new IOException("offline");
        }).check(write("main.wdl", text).toString());
    }

    /** The problems, as {@code line:col: message}, in order. */
    private List<String> problems(String text) throws IOException {
        try {
            check(text);
            return List.of();
        } catch (WdlException e) {
            return e.diagnostics().stream()
                    .map(d -> d.pos().line() + ":" + d.pos().column() + ": " + d.message()).toList();
        }
    }

    private static Type outputType(CheckedDocument cd, String name) {
        return cd.workflow().outputs().get(name);
    }

    private static final String TASK = """
            task t {
              input {
                Int x
                String label = "a"
                File? extra
              }
              command <<< echo ~{x} >>>
              output {
                Int doubled = x * 2
                Array[String] lines = read_lines(stdout())
              }
            }
            """;

    @Test
    void namesInsideScatterAndIfAreLiftedOutside() throws IOException {
        CheckedDocument cd = check("version 1.0\n" + TASK + """
                workflow w {
                  input { Array[Int] ns  Boolean go }
                  scatter (n in ns) {
                    call t { input: x = n }
                    Int plain = t.doubled + n
                    if (go) {
                      Int maybe = plain
                    }
                  }
                  if (go) {
                    call t as single { input: x = 1 }
                  }
                  output {
                    Array[Int] all = t.doubled
                    Array[Int] plains = plain
                    Array[Int?] maybes = maybe
                    Int? one = single.doubled
                    Array[Array[String]] lines = t.lines
                  }
                }
                """);
        assertThat(outputType(cd, "all")).hasToString("Array[Int]");
        assertThat(cd.workflow().outputs()).containsOnlyKeys("all", "plains", "maybes", "one", "lines");
    }

    @Test
    void liftedTypesAreCheckedAgainstDeclarations() throws IOException {
        assertThat(problems("version 1.0\n" + TASK + """
                workflow w {
                  input { Array[Int] ns }
                  scatter (n in ns) {
                    call t { input: x = n }
                  }
                  Int wrong = t.doubled
                  Array[Int] rightful = t.doubled
                  scatter (p in zip(ns, ns)) {
                    Int l = p.left
                  }
                }
                """)).containsExactly("19:15: declaration wrong expects Int, but the expression has type Array[Int]");
    }

    @Test
    void theCheckedDocumentDescribesCallsAndSignatures() throws IOException {
        CheckedDocument cd = check("version 1.0\n" + TASK + """
                workflow w {
                  input { Int a  String b = "x"  File? c }
                  call t { input: x = a, label = b }
                }
                """);
        CheckedTask t = cd.task("t");
        assertThat(t.inputs().get("x").required()).isTrue();
        assertThat(t.inputs().get("label").required()).isFalse();
        assertThat(t.inputs().get("label").hasDefault()).isTrue();
        assertThat(t.inputs().get("extra").required()).isFalse();
        assertThat(t.outputs()).containsEntry("doubled", Type.INT).containsEntry("lines", Type.arrayOf(Type.STRING));
        CheckedWorkflow w = cd.workflow();
        assertThat(w.inputs().keySet()).containsExactly("a", "b", "c");
        assertThat(w.inputs().get("a").required()).isTrue();
        CheckedCall call = w.calls().values().iterator().next();
        assertThat(call.target()).isSameAs(t);
        // an input with a default takes None from the call (which selects the default, as in miniwdl)
        assertThat(call.inputTypes()).containsEntry("x", Type.INT).containsEntry("label", Type.STRING.asOptional());
        // No output section: every call output is a workflow output, named call.out.
        assertThat(w.outputs()).containsOnlyKeys("t.doubled", "t.lines");
        assertThat(w.unsetCallInputs()).isEmpty();
    }

    @Test
    void callInputsAreCheckedByNameAndType() throws IOException {
        assertThat(problems("version 1.1\n" + TASK + """
                workflow w {
                  call t { input: x = 1, lable = "b" }
                  call t as t2 { input: x = [1] }
                  call t as t3 after t4
                  call t as t5
                }
                """)).containsExactly(
                "15:26: call t: task t has no input lable",
                "16:29: call t2: input x expects Int, but the expression has type Array[Int]",
                "17:3: call t3 is after unknown call t4");
    }

    @Test
    void aWorkflowLeavingRequiredCallInputsUnsetCannotBeASubworkflow() throws IOException {
        write("sub.wdl", "version 1.0\n" + TASK + "workflow sub { call t }\n");
        write("ok.wdl", "version 1.0\n" + TASK + "workflow ok { input { Int y } call t { input: x = y } }\n");
        assertThat(problems("""
                version 1.0
                import "sub.wdl"
                import "ok.wdl" as fine
                workflow w {
                  call sub.sub
                  call fine.ok { input: y = 2 }
                  Int z = ok.t.doubled
                }
                """)).containsExactly("5:3: workflow sub cannot be called as a subworkflow: it leaves required input t.x unset");
    }

    @Test
    void structsAreResolvedAcrossImportsWithAliases() throws IOException {
        write("lib/structs.wdl", """
                version 1.0
                struct Sample { String name  File bam }
                task use {
                  input { Sample s }
                  command <<< echo ~{s.name} >>>
                  output { Sample out = s }
                }
                """);
        CheckedDocument cd = check("""
                version 1.0
                import "lib/structs.wdl" as lib alias Sample as LibSample
                struct Sample { Int id }
                workflow w {
                  input { LibSample ls  Sample mine }
                  call lib.use { input: s = ls }
                  output {
                    String n = use.out.name
                    Int id = mine.id
                    File b = ls.bam
                  }
                }
                """);
        assertThat(cd.structs()).containsOnlyKeys("LibSample", "Sample");
        Declaration ls = cd.document().workflow().inputs().get(0);
        assertThat(((Type.StructType) cd.typeOf(ls)).describe()).isEqualTo("LibSample{name: String, bam: File}");
        assertThat(problems("""
                version 1.0
                import "lib/structs.wdl" as lib
                struct Sample { Int id }
                workflow w {}
                """)).containsExactly("3:1: struct Sample conflicts with the struct Sample imported at " + dir.resolve("main.wdl") + ":2:1");
    }

    @Test
    void cyclesDuplicatesAndUnknownNamesAreAllReportedInOrder() throws IOException {
        assertThat(problems("""
                version 1.0
                workflow w {
                  Int a = b
                  Int b = a
                  String a = "dup"
                  Int c = nothing
                  scatter (i in [1, 2]) {
                    Int d = i + e
                  }
                  Int e = length(d)
                }
                """)).containsExactly(
                "3:3: cyclic dependency in workflow w: a -> b -> a",
                "5:3: duplicate name a in workflow w (first at line 3)",
                "6:11: unknown name nothing",
                "8:5: cyclic dependency in workflow w: d -> e -> d");
    }

    @Test
    void expressionsAreTyped() throws IOException {
        assertThat(problems("""
                version 1.1
                struct P { Int a  String? b }
                workflow w {
                  Pair[Int, String] p = (1, "x")
                  Int l = p.left
                  String r = p.right
                  Map[String, Int] m = {"a": 1}
                  Int v = m["a"]
                  Float f = 1 + 2.5
                  String s = "n=" + 1
                  Array[Float] mixed = [1, 2.5]
                  P lit = P { a: 1 }
                  P bad = P { b: "x" }
                  Int x = if true then 1 else 2
                  Int y = p.middle
                  Boolean t = 1 < "a" || false
                  Array[Int] arr = [1, [2]]
                }
                """)).containsExactly(
                "13:11: struct literal P lacks required member a",
                "15:11: a Pair has members left and right, not middle",
                "17:20: array items have no common type: Int, Array[Int]");
    }

    @Test
    void draft2LegacyOutputsAndImplicitInputs() throws IOException {
        CheckedDocument cd = check("""
                task t {
                  Int x
                  String s = "a"
                  command { echo ${x} ${s} }
                  output { Int o = x  String so = s }
                }
                workflow w {
                  Int n
                  Int m = 2
                  call t { input: x = n, s = "b" }
                  output { t.o  t.* }
                }
                """);
        assertThat(cd.task("t").inputs().keySet()).containsExactly("x", "s");
        assertThat(cd.workflow().inputs().get("n").required()).isTrue();
        assertThat(cd.workflow().inputs().get("m").required()).isFalse();
        assertThat(cd.workflow().outputs()).containsOnlyKeys("t.o", "t.so");
    }

    @Test
    void taskDeclarationsAreCheckedAndCyclesFound() throws IOException {
        assertThat(problems("""
                version 1.0
                task t {
                  input { Int x = y }
                  Int y = x
                  Int z = [1]
                  command <<< echo ~{undefined_thing} >>>
                  output { Array[Int] o = x }
                }
                """)).containsExactly(
                "3:11: cyclic dependency in task t: x -> y -> x",
                "5:11: declaration z expects Int, but the expression has type Array[Int]",
                "6:22: unknown name undefined_thing",
                "7:27: output o expects Array[Int], but the expression has type Int");
    }

    @Test
    void everyDiagnosticHasAFileAndALine() throws IOException {
        try {
            check("version 1.0\nworkflow w { call nope }\n");
        } catch (WdlException e) {
            Diagnostic d = e.diagnostics().get(0);
            assertThat(d.headline()).isEqualTo(dir.resolve("main.wdl") + ":2:14: error: call of unknown task nope");
            return;
        }
        throw new AssertionError("expected a problem");
    }

    @Test
    void theCallGraphIsExposedInSourceOrderIncludingNestedCalls() throws IOException {
        CheckedDocument cd = check("version 1.0\n" + TASK + """
                workflow w {
                  call t as a { input: x = 1 }
                  if (true) { call t as b { input: x = a.doubled } }
                }
                """);
        assertThat(cd.workflow().calls().keySet()).extracting(WorkflowElement.Call::name).containsExactly("a", "b");
        assertThat(cd.workflow().outputs()).containsEntry("b.doubled", Type.INT.asOptional());
        assertThatThrownBy(() -> check("version 1.0\nworkflow w { Int x = }")).isInstanceOf(WdlException.class);
    }
}
