package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.json.JsonText;

/**
 * The standard library through {@code wdlbatch run} with bash-only tasks: files written by the engine read by bash,
 * files written by bash read by the engine, and the pure functions in workflow outputs, in WDL 1.1 and draft-2.
 */
class StdlibRunTest {

    @TempDir
    Path tmp;

    private JsonNode run(String name, String text) throws Exception {
        Path wdl = Files.writeString(tmp.resolve(name), text);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WdlbatchMain.run(new String[] {"run", wdl.toString(), "--dir", tmp.resolve("runs").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return JsonText.read(out.toString()).get("outputs");
    }

    @Test
    void version11FunctionsThroughABashTask() throws Exception {
        JsonNode o = run("std.wdl", """
                version 1.1
                task produce {
                  input { Array[String] words  Array[Array[String]] table  Map[String, Int] m }
                  command <<<
                    set -e
                    cat '~{write_lines(words)}' > lines.txt
                    cat '~{write_tsv(table)}' > table.tsv
                    cat '~{write_map(m)}' > map.tsv
                    echo '{"a": [1, 2], "b": {"c": true}}' > j.json
                    mkdir -p g && touch g/x.bam g/y.bam g/z.txt
                    echo true > b.txt; echo 2.5 > f.txt
                    echo to-stderr >&2
                    printf 'ab' > two_bytes
                    echo ~{sep(",", quote(words))} ~{sep(",", squote(words))} ~{sep(",", prefix("-i ", words))} ~{sep(",", suffix(".gz", words))}
                  >>>
                  output {
                    Array[String] lines = read_lines("lines.txt")
                    Array[Array[String]] tsv = read_tsv("table.tsv")
                    Map[String, String] map = read_map("map.tsv")
                    Object j = read_json("j.json")
                    Array[File] bams = glob("g/*.bam")
                    Boolean b = read_boolean("b.txt")
                    Float f = read_float("f.txt")
                    String out = read_string(stdout())
                    String err = read_string(stderr())
                    Float sz = size("two_bytes")
                  }
                }
                workflow std {
                  input {
                    Array[String] words = ["alpha", "beta"]
                    Array[Array[String]] table = [["a", "b"], ["c", "d"]]
                    Map[String, Int] m = {"z": 26, "a": 1}
                    String? nothing
                  }
                  call produce { input: words = words, table = table, m = m }
                  output {
                    Array[String] lines = produce.lines
                    Array[Array[String]] tsv = produce.tsv
                    Map[String, String] map = produce.map
                    Array[Int] ja = produce.j.a
                    Array[String] bams = [basename(produce.bams[0]), basename(produce.bams[1], ".bam")]
                    Boolean b = produce.b
                    Float f = produce.f
                    String out = produce.out
                    String err = produce.err
                    Float sz = produce.sz
                    String subbed = sub("a-b-c", "-", "+")
                    Int len = length(words)
                    String first = select_first([nothing, "fallback"])
                    Array[String] all = select_all([nothing, "x"])
                    Boolean def = defined(nothing)
                    Array[Int] flat = flatten([[1], [2, 3]])
                    Array[Int] r = range(3)
                    Array[Array[Int]] tr = transpose([[1, 2], [3, 4]])
                    Pair[Array[String], Array[Int]] uz = unzip([("a", 1), ("b", 2)])
                    Array[Pair[String, Int]] crossed = cross(["a"], [1, 2])
                    Array[Int] rounding = [floor(2.7), ceil(2.1), round(2.5)]
                    Float mx = max(1, 2.5)
                    Int mn = min(3, 4)
                  }
                }
                """);
        assertThat(o.get("std.lines").toString()).isEqualTo("[\"alpha\",\"beta\"]");
        assertThat(o.get("std.tsv").toString()).isEqualTo("[[\"a\",\"b\"],[\"c\",\"d\"]]");
        assertThat(o.get("std.map").toString()).isEqualTo("{\"z\":\"26\",\"a\":\"1\"}");
        assertThat(o.get("std.ja").toString()).isEqualTo("[1,2]");
        assertThat(o.get("std.bams").toString()).isEqualTo("[\"x.bam\",\"y\"]");
        assertThat(o.get("std.b").asBoolean()).isTrue();
        assertThat(o.get("std.f").asDouble()).isEqualTo(2.5);
        assertThat(o.get("std.out").asText()).isEqualTo("alpha,beta alpha,beta -i alpha,-i beta alpha.gz,beta.gz");
        assertThat(o.get("std.err").asText()).isEqualTo("to-stderr");
        assertThat(o.get("std.sz").asDouble()).isEqualTo(2.0);
        assertThat(o.get("std.subbed").asText()).isEqualTo("a+b+c");
        assertThat(o.get("std.len").asInt()).isEqualTo(2);
        assertThat(o.get("std.first").asText()).isEqualTo("fallback");
        assertThat(o.get("std.all").toString()).isEqualTo("[\"x\"]");
        assertThat(o.get("std.def").asBoolean()).isFalse();
        assertThat(o.get("std.flat").toString()).isEqualTo("[1,2,3]");
        assertThat(o.get("std.r").toString()).isEqualTo("[0,1,2]");
        assertThat(o.get("std.tr").toString()).isEqualTo("[[1,3],[2,4]]");
        assertThat(o.get("std.uz").toString()).isEqualTo("{\"left\":[\"a\",\"b\"],\"right\":[1,2]}");
        assertThat(o.get("std.crossed").toString())
                .isEqualTo("[{\"left\":\"a\",\"right\":1},{\"left\":\"a\",\"right\":2}]");
        assertThat(o.get("std.rounding").toString()).isEqualTo("[2,3,3]");
        assertThat(o.get("std.mx").asDouble()).isEqualTo(2.5);
        assertThat(o.get("std.mn").asInt()).isEqualTo(3);
    }

    @Test
    void draft2FunctionsPlaceholdersAndCallOutputs() throws Exception {
        JsonNode o = run("d2.wdl", """
                task produce {
                  Array[String] words
                  Int n
                  String? opt
                  Map[String, String] m
                  command <<<
                    set -e
                    cat ${write_lines(words)} > lines.txt
                    cat ${write_map(m)} > map.tsv
                    echo ${n} > n.txt
                    echo "${sep=' ' prefix('-w ', words)} ${default='none' opt} ${n + 1}"
                    echo 0.5 > f.txt; echo false > b.txt
                    touch a.out b.out
                  >>>
                  output {
                    Array[String] lines = read_lines("lines.txt")
                    Map[String, String] map = read_map("map.tsv")
                    Int n_out = read_int("n.txt")
                    String line = read_string(stdout())
                    Float f = read_float("f.txt")
                    Boolean b = read_boolean("b.txt")
                    Array[File] outs = glob("*.out")
                  }
                }
                workflow d2 {
                  Array[String] words = ["x", "y"]
                  Int n = 4
                  call produce { input: words = words, n = n, m = {"k": "v"} }
                  scatter (p in zip(words, range(2))) {
                    call produce as each { input: words = [p.left], n = p.right, opt = "set", m = {"a": "b"} }
                  }
                  Array[String] names = [basename(produce.outs[0]), basename(produce.outs[1], ".out")]
                  output {
                    produce.lines
                    produce.map
                    produce.n_out
                    produce.line
                    produce.f
                    produce.b
                    each.line
                    String sub_out = sub("x.bam", "\\\\.bam$", ".bai")
                    Int len = length(words)
                    Array[String] names_out = names
                    String sel = select_first([produce.line, "z"])
                  }
                }
                """);
        assertThat(o.get("d2.produce.lines").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(o.get("d2.produce.map").toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(o.get("d2.produce.n_out").asInt()).isEqualTo(4);
        assertThat(o.get("d2.produce.line").asText()).isEqualTo("-w x -w y none 5");
        assertThat(o.get("d2.produce.f").asDouble()).isEqualTo(0.5);
        assertThat(o.get("d2.produce.b").asBoolean()).isFalse();
        assertThat(o.get("d2.each.line").toString()).isEqualTo("[\"-w x set 1\",\"-w y set 2\"]");
        assertThat(o.get("d2.sub_out").asText()).isEqualTo("x.bai");
        assertThat(o.get("d2.len").asInt()).isEqualTo(2);
        assertThat(o.get("d2.names_out").toString()).isEqualTo("[\"a.out\",\"b\"]");
        assertThat(o.get("d2.sel").asText()).isEqualTo("-w x -w y none 5");
    }

    @Test
    void version12FunctionsThroughABashTask() throws Exception {
        JsonNode o = run("std12.wdl", """
                version 1.2
                task t {
                  input { Map[String, Int] m  Array[String] names }
                  command <<<
                    cat '~{write_json(m)}'; echo
                    echo "~{sep(' ', names)}"
                    printf 'h1\\th2\\nv1\\tv2\\n' > t.tsv
                  >>>
                  output {
                    Array[String] lines = read_lines(stdout())
                    Array[Object] rows = read_tsv("t.tsv", true)
                  }
                }
                workflow w {
                  input { Map[String, Int] m = {"b": 2, "a": 1} }
                  call t { input: m = m, names = keys(m) }
                  output {
                    Array[String] lines = t.lines
                    String h = t.rows[0].h2
                    Boolean has = contains_key(m, "a")
                    Array[Int] vals = values(m)
                    String? found = find("abc123", "[0-9]+")
                    Boolean ma = matches("abc", "^a")
                    String joined = join_paths("/a", "b/c")
                    Array[String] split_out = split("a,b,c", ",")
                    Boolean cont = contains(["x", "y"], "y")
                    Array[Int] chunks = flatten(chunk([1, 2, 3], 2))
                    Array[String] q = quote(["x"])
                  }
                }
                """);
        assertThat(o.toString()).isEqualTo("{\"w.lines\":[\"{\\\"b\\\":2,\\\"a\\\":1}\",\"b a\"],\"w.h\":\"v2\","
                + "\"w.has\":true,\"w.vals\":[2,1],\"w.found\":\"123\",\"w.ma\":true,\"w.joined\":\"/a/b/c\","
                + "\"w.split_out\":[\"a\",\"b\",\"c\"],\"w.cont\":true,\"w.chunks\":[1,2,3],\"w.q\":[\"\\\"x\\\"\"]}");
    }

    @Test
    void version10ObjectsAndHeredocPlaceholders() throws Exception {
        JsonNode o = run("std10.wdl", """
                version 1.0
                task t {
                  input { Int n  String s }
                  command <<<
                    printf 'a\\tb\\n1\\t2\\n' > o.tsv
                    printf 'a\\tb\\n1\\t2\\n3\\t4\\n' > os.tsv
                    echo "${s}-~{n}"
                  >>>
                  output {
                    Object o = read_object("o.tsv")
                    Array[Object] os = read_objects("os.tsv")
                    String line = read_string(stdout())
                  }
                }
                workflow w {
                  call t { input: n = 3, s = "x" + 1 }
                  output {
                    String a = t.o.a
                    Array[String] bs = [t.os[0].b, t.os[1].b]
                    String line = t.line
                    String concat = "n=" + t.os[1].a
                  }
                }
                """);
        // in a <<< >>> command only ~{} interpolates: ${s} is bash's (unset) variable, as in miniwdl
        assertThat(o.toString()).isEqualTo(
                "{\"w.a\":\"1\",\"w.bs\":[\"2\",\"4\"],\"w.line\":\"-3\",\"w.concat\":\"n=3\"}");
    }
}
