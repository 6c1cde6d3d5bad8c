package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Import;
import org.wdlbatch.wdl.ast.MetaValue;
import org.wdlbatch.wdl.ast.StructDef;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.ast.WorkflowDef;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.types.Type;

/** The document grammar of each version, checked node by node on small documents. */
class DocumentGrammarTest {

    @Test
    void draft2TaskAndWorkflow() {
        Document d = Parser.parseDocument("""
                # a draft-2 file: no version line
                import "lib/tools.wdl" as tools

                task hello {
                  String name
                  Int? times = 2
                  command {
                    echo "hello ${name}" ${sep=' ' prefix("-x ", [name])}
                  }
                  output {
                    String out = read_string(stdout())
                  }
                  runtime { docker: "ubuntu:22.04" memory: "1 GB" }
                  parameter_meta { name: "who to greet" }
                  meta { author: "me" }
                }

                workflow wf {
                  Array[String] names
                  scatter (n in names) {
                    call hello { input: name = n }
                  }
                  if (length(names) > 1) {
                    call tools.count as c { input: xs = names }
                  }
                  output {
                    hello.out
                    c.*
                    Int total = length(names)
                  }
                }
                """, "d2.wdl");
        assertThat(d.version()).isEqualTo(Version.DRAFT_2);
        assertThat(d.imports()).containsExactly(new Import(d.imports().get(0).pos(), "lib/tools.wdl", "tools",
                List.of()));
        TaskDef t = d.task("hello");
        assertThat(t.inputs()).isNull();
        assertThat(t.declarations()).extracting(Declaration::name).containsExactly("name", "times");
        assertThat(t.declarations().get(1).type()).isEqualTo(Type.INT.asOptional());
        assertThat(t.command().parts()).hasSize(5);
        assertThat(t.runtime().keySet()).containsExactly("docker", "memory");
        assertThat(t.parameterMeta()).containsEntry("name", new MetaValue.MetaString("who to greet"));
        WorkflowDef w = d.workflow();
        assertThat(w.inputs()).isNull();
        assertThat(w.body()).hasSize(3);
        WorkflowElement.Scatter s = (WorkflowElement.Scatter) w.body().get(1);
        assertThat(s.variable()).isEqualTo("n");
        WorkflowElement.Call call = (WorkflowElement.Call) s.body().get(0);
        assertThat(call.inputs()).extracting(WorkflowElement.CallInput::name).containsExactly("name");
        WorkflowElement.Conditional c = (WorkflowElement.Conditional) w.body().get(2);
        WorkflowElement.Call aliased = (WorkflowElement.Call) c.body().get(0);
        assertThat(aliased.callee()).containsExactly("tools", "count");
        assertThat(aliased.name()).isEqualTo("c");
        assertThat(w.legacyOutputs()).extracting(WorkflowDef.LegacyOutput::name, WorkflowDef.LegacyOutput::wildcard)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("hello", "out"), false),
                        org.assertj.core.groups.Tuple.tuple(List.of("c"), true));
        assertThat(w.outputs()).extracting(Declaration::name).containsExactly("total");
    }

    @Test
    void version11CallsStructsAndAfter() {
        Document d = Parser.parseDocument("""
                version 1.1
                import "https://example.org/lib.wdl" as lib alias Sample as LibSample alias Ref as R

                struct Sample {
                  String name
                  Array[File]+ reads
                  Map[String, Pair[Int, Float?]]? extra
                }

                task t {
                  input { Sample s  Int n = 1 }
                  Int twice = n * 2
                  command <<< echo ~{s.name} >>>
                  output { File f = "out.txt" }
                }

                workflow w {
                  input { Sample s }
                  call t as first { input: s, n = 3, }
                  call t as second after first { input: s = Sample { name: "x", reads: ["a"], extra: None } }
                  call lib.other
                  call t as third { n = 4 }
                  output { File f = first.f }
                  meta { description: "demo", tags: ["a", 1, 2.5, true, null], nested: { k: -1 } }
                }
                """, "v11.wdl");
        assertThat(d.version()).isEqualTo(Version.V1_1);
        assertThat(d.imports().get(0).aliases()).extracting(Import.Alias::from, Import.Alias::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Sample", "LibSample"),
                        org.assertj.core.groups.Tuple.tuple("Ref", "R"));
        StructDef s = d.structs().get(0);
        assertThat(s.members()).extracting(m -> m.name() + ":" + m.type())
                .containsExactly("name:String", "reads:Array[File]+", "extra:Map[String,Pair[Int,Float?]]?");
        TaskDef t = d.task("t");
        assertThat(t.inputs()).extracting(Declaration::name).containsExactly("s", "n");
        assertThat(t.declarations()).extracting(Declaration::name).containsExactly("twice");
        assertThat(t.command().heredoc()).isTrue();
        List<WorkflowElement> body = d.workflow().body();
        WorkflowElement.Call first = (WorkflowElement.Call) body.get(0);
        assertThat(first.inputs().get(0).value()).isInstanceOf(Expr.Ident.class);
        assertThat(((Expr.Ident) first.inputs().get(0).value()).name()).isEqualTo("s");
        WorkflowElement.Call second = (WorkflowElement.Call) body.get(1);
        assertThat(second.afters()).containsExactly("first");
        assertThat(second.inputs().get(0).value()).isInstanceOf(Expr.StructLit.class);
        WorkflowElement.Call third = (WorkflowElement.Call) body.get(3);
        assertThat(third.inputs()).extracting(WorkflowElement.CallInput::name).containsExactly("n");
        assertThat(d.workflow().meta().get("tags")).isEqualTo(new MetaValue.MetaArray(List.of(
                new MetaValue.MetaString("a"), new MetaValue.MetaInt(1), new MetaValue.MetaFloat(2.5),
                new MetaValue.MetaBool(true), new MetaValue.MetaNull())));
        assertThat(d.workflow().meta().get("nested"))
                .isEqualTo(new MetaValue.MetaObject(java.util.Map.of("k", new MetaValue.MetaInt(-1))));
    }

    @Test
    void version12SectionsEnvHintsAndCallBodies() {
        Document d = Parser.parseDocument("""
                version 1.2

                struct Person {
                  String name
                  File? cv
                  meta { description: "a person" }
                  parameter_meta { name: "full name" }
                }

                task greet {
                  input {
                    Person person
                    env String greeting = "hi"
                    Directory refs
                  }
                  env Int level = 2
                  Array[String] env = ["A=1"]
                  env Array[String] env2 = env
                  command <<<
                    echo "$greeting ~{person.name}"
                  >>>
                  output { String out = read_string(stdout()) }
                  requirements { container: "ubuntu:24.04" cpu: 2 memory: "2 GiB" }
                  hints {
                    max_cpu: 4
                    inputs: input { person.name: hints { min_length: 3 }, person.cv: hints { localization_optional: true } }
                    outputs: output { out: hints { max_length: 5 } }
                  }
                }

                workflow w {
                  input { Person p  Directory refs }
                  call greet { person = p, refs }
                  call greet as g2 { input: person = p, refs = refs }
                  hints { allow_nested_inputs: true }
                  output { Int sq = 3 ** 2 }
                }
                """, "v12.wdl");
        assertThat(d.version()).isEqualTo(Version.V1_2);
        assertThat(d.structs().get(0).meta()).containsEntry("description", new MetaValue.MetaString("a person"));
        TaskDef t = d.task("greet");
        assertThat(t.inputs()).extracting(Declaration::env).containsExactly(false, true, false);
        assertThat(t.inputs().get(2).type()).isEqualTo(Type.DIRECTORY);
        assertThat(t.declarations()).extracting(Declaration::name, Declaration::env).containsExactly(
                org.assertj.core.groups.Tuple.tuple("level", true), org.assertj.core.groups.Tuple.tuple("env", false),
                org.assertj.core.groups.Tuple.tuple("env2", true));
        assertThat(t.requirements().keySet()).containsExactly("container", "cpu", "memory");
        assertThat(t.hints().keySet()).containsExactly("max_cpu", "inputs", "outputs");
        Expr.ObjectLit inputs = (Expr.ObjectLit) t.hints().get("inputs");
        assertThat(inputs.fields()).extracting(Expr.Field::name).containsExactly("person.name", "person.cv");
        WorkflowElement.Call c = (WorkflowElement.Call) d.workflow().body().get(0);
        assertThat(c.inputs()).extracting(WorkflowElement.CallInput::name).containsExactly("person", "refs");
        assertThat(d.workflow().hints()).containsKey("allow_nested_inputs");
    }

    @Test
    void developmentIsTheNewestVersionAndEmptyDocumentsAreFine() {
        assertThat(Parser.parseDocument("version development\n", "x.wdl").version()).isEqualTo(Version.V1_2);
        Document empty = Parser.parseDocument("# nothing here\n", "x.wdl");
        assertThat(empty.version()).isEqualTo(Version.DRAFT_2);
        assertThat(empty.workflow()).isNull();
        assertThat(Parser.parseDocument("## doc comment\nversion 1.0 # trailing\n", "x.wdl").version())
                .isEqualTo(Version.V1_0);
    }

    @Test
    void keywordsMayNameMembersKeysAndCallInputsWhereTheGrammarIsUnambiguous() {
        Document d = Parser.parseDocument("""
                version 1.2
                struct Io {
                  File input
                  File output
                  String version
                }
                task t {
                  input { Io io  String command_line = "x" }
                  command <<< cat ~{io.input} > ~{io.output} >>>
                  output { Io result = Io { input: io.input, output: io.output, version: "1" } }
                  runtime { docker: "ubuntu" }
                  meta { input: "files", output: "file", workflow: true, call: null }
                }
                workflow w {
                  input { Io io }
                  call t { input: io = io, command_line = "y" }
                  call other.task_with_old_names as t2 { input: env = 1, hints = 2, object = 3 }
                  Map[String, String] m = object { input: "a", if: "b" }
                  output { File f = t.result.output }
                }
                """, "kw.wdl");
        assertThat(d.structs().get(0).members()).extracting(StructDef.Member::name)
                .containsExactly("input", "output", "version");
        assertThat(d.task("t").meta().keySet()).containsExactly("input", "output", "workflow", "call");
        WorkflowElement.Call t2 = (WorkflowElement.Call) d.workflow().body().get(1);
        assertThat(t2.inputs()).extracting(WorkflowElement.CallInput::name).containsExactly("env", "hints", "object");
        Expr.Access f = (Expr.Access) d.workflow().outputs().get(0).expr();
        assertThat(f.member()).isEqualTo("output");
    }
}
