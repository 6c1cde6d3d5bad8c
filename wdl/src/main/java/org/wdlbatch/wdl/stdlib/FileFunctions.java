package org.wdlbatch.wdl.stdlib;

import static org.wdlbatch.wdl.stdlib.Args.str;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.FloatValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.NullValue;
import org.wdlbatch.wdl.values.ObjectValue;
import org.wdlbatch.wdl.values.PairValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.StructValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.values.Values;
import org.wdlbatch.wdl.json.JsonText;

/**
 * Path functions (basename, join_paths), glob, size, stdout/stderr, and the read_* / write_* serializations
 * (Appendix A of the spec): lines, TSV (with 1.2 headers), map, object(s), JSON.
 */
final class FileFunctions {

    private FileFunctions() {}

    static void register(StdLib.Builder b) {
        b.fn("basename")
                .variant("File -> String", (a, c) -> Args.string(c.files().basename(str(a.get(0)))))
                .variant("File, String -> String", (a, c) -> Args.string(
                        removeSuffix(c.files().basename(str(a.get(0))), str(a.get(1)))))
                .since(Version.V1_2)
                .variant("Directory -> String", (a, c) -> Args.string(c.files().basename(str(a.get(0)))))
                .variant("Directory, String -> String", (a, c) -> Args.string(
                        removeSuffix(c.files().basename(str(a.get(0))), str(a.get(1)))));
        b.fn("join_paths").since(Version.V1_2)
                .variant("File, String -> File", (a, c) -> new FileValue(join(List.of(str(a.get(0)), str(a.get(1))))))
                .variant("File, Array[String]+ -> File", (a, c) -> {
                    List<String> parts = new ArrayList<>();
                    parts.add(str(a.get(0)));
                    parts.addAll(Args.strings(a.get(1)));
                    return new FileValue(join(parts));
                })
                .variant("Array[String]+ -> File", (a, c) -> new FileValue(join(Args.strings(a.get(0)))));
        b.fn("glob").variant("String -> Array[File]", (a, c) -> {
            List<Value> files = new ArrayList<>();
            for (String p : c.files().glob(str(a.get(0)))) {
                files.add(new FileValue(p));
            }
            return ArrayValue.of(Type.FILE, files);
        });
        b.fn("size")
                .variant("File? -> Float", (a, c) -> size(a.get(0), "B", c))
                .variant("File?, String -> Float", (a, c) -> size(a.get(0), str(a.get(1)), c))
                .variant("Array[File?] -> Float", (a, c) -> size(a.get(0), "B", c))
                .variant("Array[File?], String -> Float", (a, c) -> size(a.get(0), str(a.get(1)), c))
                .since(Version.V1_2)
                .variant("Directory? -> Float", (a, c) -> size(a.get(0), "B", c))
                .variant("Directory?, String -> Float", (a, c) -> size(a.get(0), str(a.get(1)), c))
                .variant("X -> Float", (a, c) -> size(a.get(0), "B", c))
                .variant("X, String -> Float", (a, c) -> size(a.get(0), str(a.get(1)), c));
        b.fn("stdout").variant(" -> File", (a, c) -> new FileValue(c.files().stdout()));
        b.fn("stderr").variant(" -> File", (a, c) -> new FileValue(c.files().stderr()));

        b.fn("read_string").variant("File -> String", (a, c) -> Args.string(stripEol(read(a, c))));
        b.fn("read_int").variant("File -> Int", (a, c) -> {
            String s = read(a, c).trim();
            try {
                return new IntValue(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new EvalException("read_int(): " + str(a.get(0)) + " does not hold an integer: " + brief(s));
            }
        });
        b.fn("read_float").variant("File -> Float", (a, c) -> {
            String s = read(a, c).trim();
            try {
                return new FloatValue(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                throw new EvalException("read_float(): " + str(a.get(0)) + " does not hold a number: " + brief(s));
            }
        });
        b.fn("read_boolean").variant("File -> Boolean", (a, c) -> {
            String s = read(a, c).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return BooleanValue.of(s.equals("true"));
            }
            throw new EvalException("read_boolean(): " + str(a.get(0)) + " holds neither true nor false: " + brief(s));
        });
        b.fn("read_lines").variant("File -> Array[String]", (a, c) -> Args.stringArray(lines(read(a, c))));
        b.fn("write_lines").variant("Array[String] -> File", (a, c) -> {
            StringBuilder sb = new StringBuilder();
            for (String s : Args.strings(a.get(0))) {
                sb.append(s).append('\n');
            }
            return write("write_lines", sb.toString(), c);
        });
        b.fn("read_tsv")
                .variant("File -> Array[Array[String]]", (a, c) -> {
                    List<Value> rows = new ArrayList<>();
                    for (String line : lines(read(a, c))) {
                        rows.add(Args.stringArray(List.of(line.split("\t", -1))));
                    }
                    return ArrayValue.of(Type.arrayOf(Type.STRING), rows);
                })
                .since(Version.V1_2)
                .variant("File, Boolean -> Array[Object]", (a, c) -> readTsvObjects(read(a, c),
                        Args.bool(a.get(1)), null, str(a.get(0))))
                .variant("File, Boolean, Array[String] -> Array[Object]", (a, c) -> readTsvObjects(read(a, c),
                        Args.bool(a.get(1)), Args.strings(a.get(2)), str(a.get(0))));
        b.fn("write_tsv")
                .variant("Array[Array[String]] -> File", (a, c) -> write("write_tsv", tsv(null, rows(a.get(0))), c))
                .since(Version.V1_2)
                .variant("Array[Array[String]], Boolean, Array[String] -> File", (a, c) -> write("write_tsv",
                        tsv(Args.bool(a.get(1)) ? Args.strings(a.get(2)) : null, rows(a.get(0))), c))
                .variant("Array[Struct] -> File", (a, c) -> write("write_tsv", structTsv(a.get(0), true, null), c))
                .variant("Array[Struct], Boolean -> File", (a, c) -> write("write_tsv",
                        structTsv(a.get(0), Args.bool(a.get(1)), null), c))
                .variant("Array[Struct], Boolean, Array[String] -> File", (a, c) -> write("write_tsv",
                        structTsv(a.get(0), Args.bool(a.get(1)), Args.strings(a.get(2))), c));
        b.fn("read_map").variant("File -> Map[String, String]", (a, c) -> {
            Map<Value, Value> m = new LinkedHashMap<>();
            int n = 0;
            for (String line : lines(read(a, c))) {
                n++;
                String[] cols = line.split("\t", -1);
                if (cols.length != 2) {
                    throw new EvalException("read_map(): line " + n + " of " + str(a.get(0)) + " has " + cols.length
                            + " columns; expected 2 (key<TAB>value)");
                }
                if (m.put(new StringValue(cols[0]), new StringValue(cols[1])) != null) {
                    throw new EvalException("read_map(): duplicate key '" + cols[0] + "' on line " + n + " of "
                            + str(a.get(0)));
                }
            }
            return new MapValue(Type.STRING, Type.STRING, m);
        });
        b.fn("write_map").variant("Map[String, String] -> File", (a, c) -> {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<Value, Value> e : Args.map(a.get(0)).entries().entrySet()) {
                sb.append(field(e.getKey())).append('\t').append(field(e.getValue())).append('\n');
            }
            return write("write_map", sb.toString(), c);
        });
        b.fn("read_json").variant("File -> Any", (a, c) -> {
            String text = read(a, c);
            try {
                return ValueJson.fromJson(JsonText.read(text));
            } catch (JsonProcessingException e) {
                throw new EvalException("read_json(): " + str(a.get(0)) + " is not valid JSON: "
                        + e.getOriginalMessage());
            }
        });
        b.fn("write_json").variant("X -> File", (a, c) -> {
            // As miniwdl and Cromwell (docs/compatibility.md): a Pair is {"left": .., "right": ..} and Map keys of
            // any primitive type become strings, where the spec calls both errors.
            return write("write_json", ValueJson.toJsonString(a.get(0)), c);
        });
        b.fn("read_object").variant("File -> Object", (a, c) -> {
            List<String> lines = lines(read(a, c));
            if (lines.size() != 2) {
                throw new EvalException("read_object(): " + str(a.get(0)) + " has " + lines.size()
                        + " lines; expected 2 (a header row and a value row)");
            }
            List<Value> objs = objects(lines, str(a.get(0)), "read_object");
            return objs.get(0);
        });
        b.fn("read_objects").variant("File -> Array[Object]", (a, c) -> {
            List<String> lines = lines(read(a, c));
            if (lines.isEmpty()) {
                return ArrayValue.of(Type.OBJECT, List.of());
            }
            return ArrayValue.of(Type.OBJECT, objects(lines, str(a.get(0)), "read_objects"));
        });
        b.fn("write_object")
                .variant("Object -> File", (a, c) -> write("write_object", objectsTsv(List.of(a.get(0))), c))
                .variant("Struct -> File", (a, c) -> write("write_object", objectsTsv(List.of(a.get(0))), c));
        b.fn("write_objects")
                .variant("Array[Object] -> File", (a, c) -> write("write_objects", objectsTsv(Args.arr(a.get(0)).items()), c))
                .variant("Array[Struct] -> File", (a, c) -> write("write_objects", objectsTsv(Args.arr(a.get(0)).items()), c));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static String removeSuffix(String name, String suffix) {
        // as Cromwell's stripSuffix and miniwdl: a name equal to the suffix becomes empty
        return !suffix.isEmpty() && name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }

    /** {@code join_paths}: every part after the first must be relative. */
    static String join(List<String> parts) {
        StringBuilder sb = new StringBuilder(parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i);
            if (p.startsWith("/")) {
                throw new EvalException("join_paths(): '" + p + "' is an absolute path; only the first path may be"
                        + " absolute");
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    private static String read(List<Value> a, CallContext c) throws IOException {
        return c.files().read(str(a.get(0)));
    }

    private static FileValue write(String hint, String content, CallContext c) throws IOException {
        return new FileValue(c.files().write(hint, content));
    }

    private static String brief(String s) {
        return s.length() > 60 ? "'" + s.substring(0, 57) + "...'" : "'" + s + "'";
    }

    /** Strips every trailing {@code \r} and {@code \n}. */
    static String stripEol(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The lines of a file without their end-of-line characters; a final newline does not start a new line. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            String line = nl < 0 ? text.substring(from) : text.substring(from, nl);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            out.add(line);
            if (nl < 0) {
                break;
            }
            from = nl + 1;
        }
        return out;
    }

    private static List<List<String>> rows(Value v) {
        List<List<String>> out = new ArrayList<>();
        for (Value row : Args.arr(v).items()) {
            List<String> r = new ArrayList<>();
            for (Value x : Args.arr(row).items()) {
                r.add(field(x));
            }
            out.add(r);
        }
        return out;
    }

    private static String tsv(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        if (header != null) {
            sb.append(String.join("\t", header)).append('\n');
        }
        for (List<String> r : rows) {
            sb.append(String.join("\t", r)).append('\n');
        }
        return sb.toString();
    }

    private static String structTsv(Value array, boolean header, List<String> names) {
        List<Value> items = Args.arr(array).items();
        List<String> members = items.isEmpty() ? List.of() : new ArrayList<>(((StructValue) items.get(0)).members().keySet());
        if (names != null && names.size() != members.size()) {
            throw new EvalException("write_tsv(): " + names.size() + " column names given for structs with "
                    + members.size() + " members");
        }
        List<List<String>> rows = new ArrayList<>();
        for (Value item : items) {
            List<String> r = new ArrayList<>();
            for (Value x : ((StructValue) item).members().values()) {
                r.add(field(x));
            }
            rows.add(r);
        }
        return tsv(header ? (names != null ? names : members) : null, rows);
    }

    /** A primitive value as one TSV field. */
    private static String field(Value v) {
        if (!Values.isPrimitive(v) && !(v instanceof NullValue)) {
            throw new EvalException("cannot write " + Values.describe(v) + " to a TSV field: only primitive values");
        }
        String s = Values.interpolationString(v);
        if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0) {
            throw new EvalException("cannot write " + Values.describe(v) + " to a TSV field: it holds a tab or newline");
        }
        return s;
    }

    private static List<Value> objects(List<String> lines, String file, String fn) {
        String[] header = lines.get(0).split("\t", -1);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String h : header) {
            if (!seen.add(h)) {
                throw new EvalException(fn + "(): duplicate column name '" + h + "' in " + file);
            }
        }
        List<Value> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cols = lines.get(i).split("\t", -1);
            if (cols.length != header.length) {
                throw new EvalException(fn + "(): line " + (i + 1) + " of " + file + " has " + cols.length
                        + " fields; the header has " + header.length);
            }
            Map<String, Value> m = new LinkedHashMap<>();
            for (int j = 0; j < header.length; j++) {
                m.put(header[j], new StringValue(cols[j]));
            }
            out.add(new ObjectValue(m));
        }
        return out;
    }

    private static Value readTsvObjects(String text, boolean header, List<String> names, String file) {
        List<String> lines = lines(text);
        List<String> cols;
        int start = 0;
        if (header) {
            if (lines.isEmpty()) {
                throw new EvalException("read_tsv(): " + file + " is empty but a header row was expected");
            }
            cols = names != null ? names : List.of(lines.get(0).split("\t", -1));
            start = 1;
        } else if (names != null) {
            cols = names;
        } else {
            throw new EvalException("read_tsv(): without a header row, give the column names");
        }
        if (new java.util.HashSet<>(cols).size() != cols.size()) {
            throw new EvalException("read_tsv(): duplicate column names " + cols);
        }
        List<Value> out = new ArrayList<>();
        for (int i = start; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != cols.size()) {
                throw new EvalException("read_tsv(): line " + (i + 1) + " of " + file + " has " + f.length
                        + " fields; expected " + cols.size());
            }
            Map<String, Value> m = new LinkedHashMap<>();
            for (int j = 0; j < f.length; j++) {
                m.put(cols.get(j), new StringValue(f[j]));
            }
            out.add(new ObjectValue(m));
        }
        return ArrayValue.of(Type.OBJECT, out);
    }

    private static String objectsTsv(List<Value> objs) {
        if (objs.isEmpty()) {
            return "";
        }
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        for (Value o : objs) {
            Map<String, Value> m = o instanceof StructValue s ? s.members() : ((ObjectValue) o).members();
            List<String> names = new ArrayList<>(m.keySet());
            if (header == null) {
                header = names;
            } else if (!header.equals(names)) {
                throw new EvalException("write_objects(): objects have different members: " + header + " and " + names);
            }
            List<String> r = new ArrayList<>();
            for (Value v : m.values()) {
                r.add(field(v));
            }
            rows.add(r);
        }
        return tsv(header, rows);
    }

    // ---- size -------------------------------------------------------------------------------------------------

    private static FloatValue size(Value v, String unit, CallContext c) throws IOException {
        double factor = unitFactor(unit);
        long total = totalSize(v, c);
        return new FloatValue(total / factor);
    }

    private static long totalSize(Value v, CallContext c) throws IOException {
        if (v instanceof NullValue) {
            return 0;
        }
        if (v instanceof FileValue f) {
            return c.files().size(f.path());
        }
        if (v instanceof DirectoryValue d) {
            return c.files().size(d.path());
        }
        long t = 0;
        if (v instanceof ArrayValue a) {
            for (Value x : a.items()) {
                t += totalSize(x, c);
            }
        } else if (v instanceof MapValue m) {
            for (Map.Entry<Value, Value> e : m.entries().entrySet()) {
                t += totalSize(e.getKey(), c) + totalSize(e.getValue(), c);
            }
        } else if (v instanceof PairValue p) {
            t += totalSize(p.left(), c) + totalSize(p.right(), c);
        } else if (v instanceof StructValue s) {
            for (Value x : s.members().values()) {
                t += totalSize(x, c);
            }
        } else if (v instanceof ObjectValue o) {
            for (Value x : o.members().values()) {
                t += totalSize(x, c);
            }
        }
        return t;
    }

    /** Bytes per unit: B, K/KB (1000), Ki/KiB (1024), up to T/TB and Ti/TiB; case-insensitive. */
    static double unitFactor(String unit) {
        String u = unit.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.equals("b")) {
            return 1;
        }
        boolean binary = lower.endsWith("i") || lower.endsWith("ib");
        String stem = lower.replaceAll("i?b?$", "");
        int power = switch (stem) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            case "p" -> 5;
            case "e" -> 6;
            default -> throw new EvalException("unknown unit '" + unit + "': use B, KB/K, MB/M, GB/G, TB/T, KiB/Ki,"
                    + " MiB/Mi, GiB/Gi or TiB/Ti");
        };
        return Math.pow(binary ? 1024 : 1000, power);
    }
}
