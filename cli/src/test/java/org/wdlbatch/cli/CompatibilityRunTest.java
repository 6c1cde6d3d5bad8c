package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.json.JsonText;

/**
 * What pipelines written for Cromwell and miniwdl rely on (docs/compatibility.md), through {@code wdlbatch run}
 * with the local backend and bash-only tasks: each test is one behaviour of issue 16.
 */
class CompatibilityRunTest {

    @TempDir
    Path tmp;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    /** Runs {@code text} as {@code name}; returns the outputs (asserting success). */
    private JsonNode run(String name, String text, String... args) throws Exception {
        out = new StringWriter();
        err = new StringWriter();
        Path wdl = write(name, text);
        List<String> all = new ArrayList<>(List.of("run", wdl.toString(), "--dir", tmp.resolve("runs").toString()));
        all.addAll(List.of(args));
        int code = WdlbatchMain.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return JsonText.read(out.toString()).get("outputs");
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void pairsAreWrittenAsLeftRightObjectsAndZipCrossAsPairsReachTasks() throws Exception {
        JsonNode o = run("pairs.wdl", """
                version 1.1
                task t {
                  input { Array[Pair[String, Int]] ps  File crossed  Pair[Int, String] p }
                  command <<<
                    cat '~{crossed}'; echo
                    cat '~{write_json(ps)}'; echo
                    cat '~{write_json(p)}'; echo
                    cat '~{write_map({"k": "v"})}'
                  >>>
                  output { Array[String] lines = read_lines(stdout())  Pair[Int, String] back = p }
                }
                workflow wf {
                  input { Array[String] a = ["x", "y"]  Array[Int] b = [1, 2] }
                  call t { input: ps = zip(a, b), crossed = write_json(cross(a, b)), p = (3, "q") }
                  output {
                    Array[String] lines = t.lines
                    Pair[Int, String] back = t.back
                    Array[Pair[String, Int]] pairs = as_pairs(as_map(zip(a, b)))
                  }
                }
                """);
        assertThat(o.get("wf.lines").get(0).asText()).isEqualTo("[{\"left\":\"x\",\"right\":1},{\"left\":\"x\","
                + "\"right\":2},{\"left\":\"y\",\"right\":1},{\"left\":\"y\",\"right\":2}]");
        assertThat(o.get("wf.lines").get(1).asText()).isEqualTo("[{\"left\":\"x\",\"right\":1},{\"left\":\"y\",\"right\":2}]");
        assertThat(o.get("wf.lines").get(2).asText()).isEqualTo("{\"left\":3,\"right\":\"q\"}");
        assertThat(o.get("wf.lines").get(3).asText()).isEqualTo("k\tv");
        assertThat(o.get("wf.back").toString()).isEqualTo("{\"left\":3,\"right\":\"q\"}");
        assertThat(o.get("wf.pairs").toString())
                .isEqualTo("[{\"left\":\"x\",\"right\":1},{\"left\":\"y\",\"right\":2}]");
    }

    @Test
    void directoryInputsAreRealDirectoriesForFindLsAndDu() throws Exception {
        Path d = tmp.resolve("data");
        Files.createDirectories(d.resolve("sub/deeper"));
        Files.writeString(d.resolve("a.txt"), "a\n");
        Files.writeString(d.resolve("sub/b.txt"), "b\n");
        Files.writeString(d.resolve("sub/deeper/c.txt"), "c\n");
        JsonNode o = run("dir.wdl", """
                version 1.2
                task t {
                  input { Directory d  Directory nested  File inside }
                  command <<<
                    find '~{d}' -type f | sed 's#.*/##' | sort | paste -sd, -
                    find '~{nested}' -type f | sed 's#.*/##' | sort | paste -sd, -
                    ls -R '~{d}' | grep -c 'txt$'
                    du -a '~{d}' | grep -c 'txt$'
                    cat '~{inside}'
                    mkdir -p made/x && echo z > made/x/z.txt && echo y > made/y.txt
                  >>>
                  output { Array[String] seen = read_lines(stdout())  Directory made = "made" }
                }
                task u {
                  input { Directory made  Directory sibling }
                  command <<<
                    find '~{made}' -type f | sed 's#.*/##' | sort | paste -sd, -
                    find '~{sibling}' -type f | wc -l
                  >>>
                  output { Array[String] seen = read_lines(stdout()) }
                }
                workflow wf {
                  input { Directory d  Directory nested  File inside }
                  call t { input: d = d, nested = nested, inside = inside }
                  call u { input: made = t.made, sibling = nested }
                  output { Array[String] t_seen = t.seen  Array[String] u_seen = u.seen  Directory made = t.made }
                }
                """, "d=" + d, "nested=" + d.resolve("sub"), "inside=" + d.resolve("sub/b.txt"));
        assertThat(o.get("wf.t_seen").toString()).isEqualTo("[\"a.txt,b.txt,c.txt\",\"b.txt,c.txt\",\"3\",\"3\",\"b\"]");
        assertThat(o.get("wf.u_seen").toString()).isEqualTo("[\"y.txt,z.txt\",\"2\"]");
        assertThat(Path.of(o.get("wf.made").asText()).resolve("x/z.txt")).hasContent("z");
        // the originals are untouched by what the presented tree goes through
        assertThat(d.resolve("sub/deeper/c.txt")).hasContent("c");
    }

    @Test
    void draft2CallOutputsAndWildcardsAreWorkflowOutputs() throws Exception {
        JsonNode o = run("d2.wdl", """
                task t {
                  String x
                  command { echo ${x} }
                  output { String out = read_string(stdout())  Int n = 3 }
                }
                workflow wf {
                  call t { input: x = "hi" }
                  call t as t2 { input: x = "ho" }
                  scatter (i in [1, 2]) { call t as t3 { input: x = "s" + i } }
                  output {
                    t.out
                    t2.*
                    t3.out
                  }
                }
                """);
        assertThat(o.toString()).isEqualTo(
                "{\"wf.t.out\":\"hi\",\"wf.t2.out\":\"ho\",\"wf.t2.n\":3,\"wf.t3.out\":[\"s1\",\"s2\"]}");
    }

    @Test
    void explicitNullSelectsTheDefaultUnlessTheDeclarationIsOptionalAlsoThroughSubworkflows() throws Exception {
        write("sub.wdl", """
                version 1.0
                task t {
                  input { Int? n = 5  String s = "dflt" }
                  command <<< echo "~{n}-~{s}" >>>
                  output { String o = read_string(stdout()) }
                }
                workflow sub {
                  input { Int? n = 7  Int m = 8  String? none }
                  call t { input: n = n, s = none }
                  output { String o = t.o + "/" + m }
                }
                """);
        Path inputs = write("null.json", "{\"wf.k\": null, \"wf.z\": null, \"wf.t.s\": null}");
        JsonNode o = run("null.wdl", """
                version 1.0
                import "sub.wdl" as s
                workflow wf {
                  input { Int? k = 3  String z = "zz"  Int? nothing }
                  call s.t { input: n = k }
                  call s.sub { input: n = k, m = nothing }
                  output { String o = t.o  String so = sub.o  String zo = z }
                }
                """, "-i", inputs.toString());
        // miniwdl: null for `String z = "zz"` selects the default; for `Int? k = 3` it is None
        assertThat(o.toString()).isEqualTo("{\"wf.o\":\"-dflt\",\"wf.so\":\"-dflt/8\",\"wf.zo\":\"zz\"}");
    }

    @Test
    void placeholderOptionsInsideConditionalsAndIfExpressions() throws Exception {
        JsonNode o = run("ph.wdl", """
                version 1.0
                task t {
                  input { Boolean? maybe  Boolean yes = true  Array[String] a = ["x", "y"]  String? m  Int? k }
                  command <<<
                    echo "~{true='Y' false='N' maybe}|~{true='Y' false='N' if yes then false else true}|~{sep=',' if yes then a else []}|~{default='D' if yes then m else 'set'}|~{true='--flag' false='' defined(k)}|~{default='z' '-p ' + m}"
                  >>>
                  output { String o = read_string(stdout()) }
                }
                workflow wf {
                  input { Boolean c = true  Array[Int] xs = [1, 2]  String? none }
                  if (c) {
                    call t
                    String s = "~{true='Y' false='N' c}|~{sep=',' xs}|~{default='D' none}"
                  }
                  scatter (x in xs) {
                    if (x > 1) { String s2 = "~{sep='-' xs}:~{true='T' false='F' c}" }
                  }
                  output { String? o = t.o  String? so = s  Array[String?] s2s = s2 }
                }
                """);
        assertThat(o.toString()).isEqualTo("{\"wf.o\":\"|N|x,y|D||z\",\"wf.so\":\"Y|1,2|D\",\"wf.s2s\":[null,\"1-2:T\"]}");
        JsonNode d2 = run("ph2.wdl", """
                task t {
                  Boolean b = false
                  Array[String] a = ["x", "y"]
                  String? m
                  command {
                    echo "${true='Y' false='N' b}|${sep=',' a}|${default='D' m}|${if b then 'i' else 'e'}|${true="--b" false="" b}|"
                  }
                  output { String o = read_string(stdout()) }
                }
                workflow wf2 {
                  Boolean c = true
                  if (c) { call t }
                  output { t.o }
                }
                """);
        assertThat(d2.toString()).isEqualTo("{\"wf2.t.o\":\"N|x,y|D|e||\"}");
    }

    @Test
    void mapFunctionsKeepInsertionOrderIntoFilesAndOutputs() throws Exception {
        JsonNode o = run("order.wdl", """
                version 1.1
                task t {
                  input { Map[String, Int] m  Map[String, Array[Int]] g }
                  command <<< cat '~{write_map(m)}'; cat '~{write_json(g)}' >>>
                  output { Array[String] lines = read_lines(stdout())  Map[String, String] back = read_map(write_map(m)) }
                }
                workflow wf {
                  input { Array[String] ks = ["zeta", "alpha", "mu", "beta"]  Array[Int] vs = [1, 2, 3, 4] }
                  Map[String, Int] m = as_map(zip(ks, vs))
                  Map[String, Array[Int]] g = collect_by_key(zip(["q", "b", "q", "a"], [1, 2, 3, 4]))
                  call t { input: m = m, g = g }
                  output { Array[String] k = keys(m)  Array[String] lines = t.lines  Map[String, String] back = t.back
                    Array[String] gk = keys(g) }
                }
                """);
        assertThat(o.get("wf.k").toString()).isEqualTo("[\"zeta\",\"alpha\",\"mu\",\"beta\"]");
        assertThat(o.get("wf.lines").toString()).isEqualTo(
                "[\"zeta\\t1\",\"alpha\\t2\",\"mu\\t3\",\"beta\\t4\",\"{\\\"q\\\":[1,3],\\\"b\\\":[2],\\\"a\\\":[4]}\"]");
        assertThat(o.get("wf.back").toString()).isEqualTo("{\"zeta\":\"1\",\"alpha\":\"2\",\"mu\":\"3\",\"beta\":\"4\"}");
        assertThat(o.get("wf.gk").toString()).isEqualTo("[\"q\",\"b\",\"a\"]");
    }

    @Test
    void objectWithAFileMemberResolvesTheFileAlsoWhenDeclaredBeforeIt() throws Exception {
        JsonNode o = run("obj.wdl", """
                version 1.0
                task t {
                  command <<< echo hi > a.txt >>>
                  output { Object o = object { name: "x", file: a }  File a = "a.txt" }
                }
                task u {
                  input { File f }
                  command <<< cat '~{f}' >>>
                  output { String s = read_string(stdout()) }
                }
                workflow wf {
                  call t
                  call u { input: f = t.o.file }
                  output { File f = t.o.file  String s = u.s  String name = t.o.name }
                }
                """);
        assertThat(Path.of(o.get("wf.f").asText())).isAbsolute().hasContent("hi");
        assertThat(o.get("wf.s").asText()).isEqualTo("hi");
        assertThat(o.get("wf.name").asText()).isEqualTo("x");
    }

    @Test
    void stringOutputsCoerceToIntAndFileAndIntItemsHaveCommonTypeString() throws Exception {
        JsonNode o = run("coerce.wdl", """
                version 1.0
                task count {
                  command <<< echo 2 >>>
                  output { Int n = read_string(stdout())  File vcf = stdout()  String three = "3" }
                }
                task show {
                  input { Array[String] items }
                  command <<< echo '~{sep="," items}' | sed 's#^/.*/#F/#' >>>
                  output { String s = read_string(stdout()) }
                }
                workflow wf {
                  call count
                  call show { input: items = [count.vcf, count.n] }
                  Int th = count.three
                  output { Int n = count.n  Int th_out = th  String s = show.s }
                }
                """);
        assertThat(o.toString()).isEqualTo("{\"wf.n\":2,\"wf.th_out\":3,\"wf.s\":\"F/stdout.txt,2\"}");
    }

    @Test
    void workflowNamedAsItsTaskAndOutputNamedAsInputAreAcceptedWithAWarningAndTheCommandSeesTheInput()
            throws Exception {
        JsonNode o = run("clash.wdl", """
                version 1.0
                task clash {
                  input { String x = "in" }
                  command <<< echo "out-~{x}" >>>
                  output { String x = read_string(stdout()) }
                }
                workflow clash {
                  call clash
                  output { String x = clash.x }
                }
                """);
        // as on Cromwell: in the command, x is the input; the call's output x is what the output section says
        assertThat(o.toString()).isEqualTo("{\"clash.x\":\"out-in\"}");
        StringWriter checkOut = new StringWriter();
        StringWriter checkErr = new StringWriter();
        int code = WdlbatchMain.run(new String[] {"check", tmp.resolve("clash.wdl").toString()},
                new PrintWriter(checkOut, true), new PrintWriter(checkErr, true));
        assertThat(code).isZero();
        assertThat(checkErr.toString())
                .contains("clash.wdl:5:12: warning: output x of task clash has the name of its input (line 3)")
                .contains("clash.wdl:7:1: warning: workflow clash has the name of a task of this document");
    }

    @Test
    void fromAnImportingDocumentTheSharedNameMeansTheWorkflow() throws Exception {
        write("lib.wdl", """
                version 1.0
                task both {
                  input { String x }
                  command <<< echo "task-~{x}" >>>
                  output { String out = read_string(stdout()) }
                }
                workflow both {
                  input { String w = "wf" }
                  call both { input: x = w }
                  output { String out = both.out }
                }
                """);
        JsonNode o = run("main.wdl", """
                version 1.0
                import "lib.wdl" as lib
                workflow main {
                  call lib.both { input: w = "main" }
                  output { String out = both.out }
                }
                """);
        // as on Cromwell (WARP's PeakCalling): lib.both is the workflow, whose input w only it has
        assertThat(o.toString()).isEqualTo("{\"main.out\":\"task-main\"}");
    }

    @Test
    void aFailedHttpImportSaysWhy() throws Exception {
        Path wdl = write("imp.wdl", """
                version 1.0
                import "http://127.0.0.1:1/nothing.wdl" as n
                workflow w { }
                """);
        int code = WdlbatchMain.run(new String[] {"check", wdl.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("cannot import \"http://127.0.0.1:1/nothing.wdl\": cannot connect")
                .doesNotContain("null");
    }
}
