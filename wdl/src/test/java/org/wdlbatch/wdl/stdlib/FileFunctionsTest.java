package org.wdlbatch.wdl.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wdlbatch.wdl.stdlib.Lib.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.ObjectValue;
import org.wdlbatch.wdl.values.StructValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

/** File functions against real files in a temporary work directory. */
class FileFunctionsTest {

    @TempDir
    Path dir;
    private Lib lib;

    @BeforeEach
    void setUp() {
        lib = new Lib(Version.V1_2, new LocalFileAccess(dir));
    }

    private FileValue put(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return file(name);
    }

    private String content(Value f) throws Exception {
        return Files.readString(Path.of(((FileValue) f).path()));
    }

    @Test
    void readScalars() throws Exception {
        assertThat(lib.call("read_string", put("s.txt", "hello\nworld\n\n"))).isEqualTo(s("hello\nworld"));
        assertThat(lib.call("read_string", put("e.txt", ""))).isEqualTo(s(""));
        assertThat(lib.call("read_int", put("i.txt", "  42 \n"))).isEqualTo(i(42));
        assertThat(lib.call("read_float", put("f.txt", "2.5\n"))).isEqualTo(f(2.5));
        assertThat(lib.call("read_float", put("f2.txt", "3"))).isEqualTo(f(3.0));
        assertThat(lib.call("read_boolean", put("b.txt", "True\n"))).isEqualTo(BooleanValue.TRUE);
        assertThat(lib.call("read_boolean", put("b2.txt", "false"))).isEqualTo(BooleanValue.FALSE);
        assertThatThrownBy(() -> lib.call("read_int", put("bad.txt", "4.5\n")))
                .isInstanceOf(EvalException.class).hasMessageContaining("does not hold an integer: '4.5'");
        assertThatThrownBy(() -> lib.call("read_boolean", put("bad2.txt", "yes")))
                .hasMessageContaining("neither true nor false");
        assertThatThrownBy(() -> lib.call("read_string", file("missing.txt")))
                .hasMessageContaining("read_string(): file not found: missing.txt");
    }

    @Test
    void linesRoundTrip() throws Exception {
        assertThat(lib.call("read_lines", put("l.txt", "a\r\nb\n\nc\n"))).isEqualTo(strs("a", "b", "", "c"));
        assertThat(lib.call("read_lines", put("l2.txt", ""))).isEqualTo(strs());
        assertThat(lib.call("read_lines", put("l3.txt", "x"))).isEqualTo(strs("x"));
        Value f = lib.call("write_lines", strs("first", "second", "third"));
        assertThat(content(f)).isEqualTo("first\nsecond\nthird\n");
        assertThat(content(lib.call("write_lines", strs()))).isEmpty();
        assertThat(lib.call("read_lines", f)).isEqualTo(strs("first", "second", "third"));
    }

    @Test
    void tsv() throws Exception {
        Value rows = lib.call("read_tsv", put("t.tsv", "a\tb\tc\n1\t\t3\nonly\n"));
        assertThat(Values.wdlEquals(rows, arr(strs("a", "b", "c"), strs("1", "", "3"), strs("only")))).isTrue();
        Value written = lib.call("write_tsv", arr(strs("a", "b"), strs("c", "d")));
        assertThat(content(written)).isEqualTo("a\tb\nc\td\n");
        Value withHeader = lib.call("write_tsv", arr(strs("1", "2")), BooleanValue.TRUE, strs("x", "y"));
        assertThat(content(withHeader)).isEqualTo("x\ty\n1\t2\n");
        ArrayValue objs = (ArrayValue) lib.call("read_tsv", put("h.tsv", "x\ty\n1\t2\n3\t4\n"), BooleanValue.TRUE);
        assertThat(((ObjectValue) objs.get(1)).members()).containsEntry("y", s("4"));
        ArrayValue named = (ArrayValue) lib.call("read_tsv", put("n.tsv", "1\t2\n"), BooleanValue.FALSE, strs("p", "q"));
        assertThat(((ObjectValue) named.get(0)).members()).containsEntry("q", s("2"));
        assertThatThrownBy(() -> lib.call("read_tsv", put("r.tsv", "x\ty\n1\n"), BooleanValue.TRUE))
                .hasMessageContaining("line 2 of r.tsv has 1 fields; expected 2");
        assertThatThrownBy(() -> new Lib(Version.V1_1, new LocalFileAccess(dir)).call("read_tsv", file("h.tsv"),
                BooleanValue.TRUE)).hasMessageContaining("read_tsv");
    }

    @Test
    void writeTsvOfStructs() throws Exception {
        Map<String, Type> members = new LinkedHashMap<>();
        members.put("name", Type.STRING);
        members.put("n", Type.INT);
        Type.StructType st = new Type.StructType("Row", members, false);
        Map<String, Value> r1 = new LinkedHashMap<>();
        r1.put("name", s("a"));
        r1.put("n", i(1));
        ArrayValue rows = ArrayValue.of(st, List.of(new StructValue(st, r1)));
        assertThat(content(lib.call("write_tsv", rows))).isEqualTo("name\tn\na\t1\n");
        assertThat(content(lib.call("write_tsv", rows, BooleanValue.FALSE))).isEqualTo("a\t1\n");
        assertThat(content(lib.call("write_tsv", rows, BooleanValue.TRUE, strs("N", "C")))).isEqualTo("N\tC\na\t1\n");
        assertThat(content(lib.call("write_objects", rows))).isEqualTo("name\tn\na\t1\n");
        assertThat(content(lib.call("write_object", rows.get(0)))).isEqualTo("name\tn\na\t1\n");
    }

    @Test
    void maps() throws Exception {
        MapValue m = (MapValue) lib.call("read_map", put("m.tsv", "k1\tv1\nk2\tv2\n"));
        assertThat(m.entries()).containsEntry(s("k1"), s("v1")).containsEntry(s("k2"), s("v2"));
        assertThat(m.entries().keySet()).containsExactly(s("k1"), s("k2"));
        assertThatThrownBy(() -> lib.call("read_map", put("d.tsv", "k\t1\nk\t2\n")))
                .hasMessageContaining("duplicate key 'k' on line 2");
        assertThatThrownBy(() -> lib.call("read_map", put("c.tsv", "a\tb\tc\n"))).hasMessageContaining("has 3 columns");
        Value w = lib.call("write_map", map(Type.STRING, Type.INT, s("a"), i(1), s("b"), i(2)));
        assertThat(content(w)).isEqualTo("a\t1\nb\t2\n");
    }

    @Test
    void json() throws Exception {
        Value v = lib.call("read_json", put("j.json", "{\"a\": [1, 2], \"b\": \"x\", \"c\": null}"));
        ObjectValue o = (ObjectValue) v;
        assertThat(o.members()).containsEntry("b", s("x"));
        assertThat(lib.call("read_json", put("n.json", "null")).isNone()).isTrue();
        assertThat(lib.call("read_json", put("a.json", "[1, 2, 3]"))).isEqualTo(ints(1, 2, 3));
        assertThatThrownBy(() -> lib.call("read_json", put("bad.json", "{"))).hasMessageContaining("not valid JSON");
        Value w = lib.call("write_json", map(Type.STRING, Type.INT, s("a"), i(1)));
        assertThat(content(w)).isEqualTo("{\"a\":1}");
        assertThat(content(lib.call("write_json", ints(1, 2)))).isEqualTo("[1,2]");
        // as miniwdl and Cromwell (docs/compatibility.md), not as the spec: Int keys become strings, a Pair an object
        assertThat(content(lib.call("write_json", map(Type.INT, Type.STRING, i(2), s("hello")))))
                .isEqualTo("{\"2\":\"hello\"}");
        assertThat(content(lib.call("write_json", arr(new org.wdlbatch.wdl.values.PairValue(i(1), i(2))))))
                .isEqualTo("[{\"left\":1,\"right\":2}]");
    }

    @Test
    void objects() throws Exception {
        ObjectValue o = (ObjectValue) lib.call("read_object", put("o.tsv", "key_0\tkey_1\nvalue_0\tvalue_1\n"));
        assertThat(o.members()).containsEntry("key_1", s("value_1"));
        assertThatThrownBy(() -> lib.call("read_object", put("o3.tsv", "a\nb\nc\n"))).hasMessageContaining("has 3 lines");
        ArrayValue os = (ArrayValue) lib.call("read_objects", put("os.tsv", "k0\tk1\nA0\tA1\nB0\tB1\n"));
        assertThat(os.items()).hasSize(2);
        assertThat(((ObjectValue) os.get(1)).members()).containsEntry("k0", s("B0"));
        assertThatThrownBy(() -> lib.call("read_objects", put("dup.tsv", "k\tk\n1\t2\n")))
                .hasMessageContaining("duplicate column name 'k'");
        assertThat(content(lib.call("write_object", o))).isEqualTo("key_0\tkey_1\nvalue_0\tvalue_1\n");
        assertThat(content(lib.call("write_objects", os))).isEqualTo("k0\tk1\nA0\tA1\nB0\tB1\n");
        ObjectValue nested = new ObjectValue(Map.of("a", ints(1)));
        assertThatThrownBy(() -> lib.call("write_object", nested)).hasMessageContaining("only primitive values");
    }

    @Test
    void globListsFilesInBashOrder() throws Exception {
        put("a_file_2.txt", "x");
        put("a_file_1.txt", "x");
        Files.createDirectories(dir.resolve("a_dir"));
        put("a_dir/a_inner.txt", "x");
        put("b.txt", "x");
        ArrayValue g = (ArrayValue) lib.call("glob", s("a_*"));
        assertThat(g.items()).containsExactly(file(dir.resolve("a_file_1.txt").toString()),
                file(dir.resolve("a_file_2.txt").toString()));
        assertThat(((ArrayValue) lib.call("glob", s("*/a_*.txt"))).items()).hasSize(1);
        assertThat(((ArrayValue) lib.call("glob", s("nothing*"))).items()).isEmpty();
    }

    @Test
    void sizesAndUnits() throws Exception {
        FileValue k = put("k.bin", "x".repeat(1000));
        FileValue h = put("h.bin", "x".repeat(500));
        assertThat(lib.call("size", k)).isEqualTo(f(1000));
        assertThat(lib.call("size", k, s("KB"))).isEqualTo(f(1.0));
        assertThat(lib.call("size", k, s("K"))).isEqualTo(f(1.0));
        assertThat(lib.call("size", k, s("KiB"))).isEqualTo(f(1000 / 1024.0));
        assertThat(lib.call("size", k, s("Ki"))).isEqualTo(f(1000 / 1024.0));
        assertThat(lib.call("size", k, s("MB"))).isEqualTo(f(0.001));
        assertThat(lib.call("size", k, s("GiB"))).isEqualTo(f(1000 / Math.pow(1024, 3)));
        assertThat(lib.call("size", Value.NONE)).isEqualTo(f(0));
        assertThat(lib.call("size", arr(k, h, Value.NONE))).isEqualTo(f(1500));
        assertThat(lib.call("size", s("k.bin"))).isEqualTo(f(1000));
        Files.createDirectories(dir.resolve("d/sub"));
        put("d/sub/x", "12345");
        put("d/y", "123");
        assertThat(lib.call("size", new DirectoryValue("d"))).isEqualTo(f(8));
        MapValue compound = map(Type.STRING, Type.pairOf(Type.INT, Type.FILE), s("a"),
                new org.wdlbatch.wdl.values.PairValue(i(1), k));
        assertThat(lib.call("size", compound)).isEqualTo(f(1000));
        assertThatThrownBy(() -> lib.call("size", k, s("XB"))).hasMessageContaining("unknown unit 'XB'");
        assertThatThrownBy(() -> lib.call("size", file("nope"))).hasMessageContaining("file not found: nope");
    }

    @Test
    void pathsAndStdio() {
        assertThat(lib.call("basename", file("/path/to/file.txt"))).isEqualTo(s("file.txt"));
        assertThat(lib.call("basename", file("/path/to/file.txt"), s(".txt"))).isEqualTo(s("file"));
        assertThat(lib.call("basename", s("file.txt"), s(".bam"))).isEqualTo(s("file.txt"));
        assertThat(lib.call("basename", s("/a/.bashrc"), s(".bashrc"))).isEqualTo(s(""));
        assertThat(lib.call("basename", new DirectoryValue("/a/dir/"))).isEqualTo(s("dir"));
        assertThat(lib.call("join_paths", file("/usr"), s("bin/x"))).isEqualTo(file("/usr/bin/x"));
        assertThat(lib.call("join_paths", file("/usr/"), strs("bin", "x"))).isEqualTo(file("/usr/bin/x"));
        assertThat(lib.call("join_paths", strs("a", "b", "c"))).isEqualTo(file("a/b/c"));
        assertThatThrownBy(() -> lib.call("join_paths", file("/usr"), s("/bin")))
                .hasMessageContaining("'/bin' is an absolute path");
        assertThatThrownBy(() -> lib.call("stdout")).hasMessageContaining("only available in a task's output section");
        Lib task = new Lib(Version.V1_1, new LocalFileAccess(dir).withStdio(dir.resolve("stdout.txt"),
                dir.resolve("stderr.txt")));
        assertThat(task.call("stdout")).isEqualTo(file(dir.resolve("stdout.txt").toString()));
        assertThat(task.call("stderr")).isEqualTo(file(dir.resolve("stderr.txt").toString()));
    }

    @Test
    void noneArgumentsSayWhichArgument() {
        assertThatThrownBy(() -> lib.call("read_int", Value.NONE))
                .isInstanceOf(EvalException.class)
                .hasMessage("argument 1 of read_int() is None, but a value is needed")
                .matches(e -> ((EvalException) e).causedByNone());
    }

    @Test
    void writesFailCleanlyWithoutFileAccess() {
        assertThatThrownBy(() -> new Lib().call("write_lines", strs("a")))
                .isInstanceOf(EvalException.class).hasMessageContaining("write_lines(): writing files is not available");
    }
}
