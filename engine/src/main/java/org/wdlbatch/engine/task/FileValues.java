package org.wdlbatch.engine.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.ObjectValue;
import org.wdlbatch.wdl.values.PairValue;
import org.wdlbatch.wdl.values.StructValue;
import org.wdlbatch.wdl.values.Value;

/** Finds and rewrites the File and Directory paths inside (possibly compound) values. */
public final class FileValues {

    private FileValues() {}

    /** Every File/Directory path in {@code v}, depth first. */
    public static List<String> paths(Value v) {
        List<String> out = new ArrayList<>();
        collect(v, out);
        return out;
    }

    private static void collect(Value v, List<String> out) {
        if (v instanceof FileValue f) {
            out.add(f.path());
        } else if (v instanceof DirectoryValue d) {
            out.add(d.path());
        } else if (v instanceof ArrayValue a) {
            a.items().forEach(x -> collect(x, out));
        } else if (v instanceof MapValue m) {
            m.entries().forEach((k, x) -> {
                collect(k, out);
                collect(x, out);
            });
        } else if (v instanceof PairValue p) {
            collect(p.left(), out);
            collect(p.right(), out);
        } else if (v instanceof StructValue s) {
            s.members().values().forEach(x -> collect(x, out));
        } else if (v instanceof ObjectValue o) {
            o.members().values().forEach(x -> collect(x, out));
        }
    }

    /** {@code v} with every File/Directory path replaced by {@code rewrite(path)}; other values unchanged. */
    public static Value rewrite(Value v, UnaryOperator<String> rewrite) {
        if (v instanceof FileValue f) {
            return new FileValue(rewrite.apply(f.path()));
        }
        if (v instanceof DirectoryValue d) {
            return new DirectoryValue(rewrite.apply(d.path()));
        }
        if (v instanceof ArrayValue a) {
            List<Value> items = new ArrayList<>(a.size());
            a.items().forEach(x -> items.add(rewrite(x, rewrite)));
            return new ArrayValue(a.type(), items);
        }
        if (v instanceof MapValue m) {
            Map<Value, Value> entries = new LinkedHashMap<>();
            m.entries().forEach((k, x) -> entries.put(rewrite(k, rewrite), rewrite(x, rewrite)));
            return new MapValue(m.type(), entries);
        }
        if (v instanceof PairValue p) {
            return new PairValue(p.type(), rewrite(p.left(), rewrite), rewrite(p.right(), rewrite));
        }
        if (v instanceof StructValue s) {
            Map<String, Value> members = new LinkedHashMap<>();
            s.members().forEach((k, x) -> members.put(k, rewrite(x, rewrite)));
            return new StructValue(s.type(), members);
        }
        if (v instanceof ObjectValue o) {
            Map<String, Value> members = new LinkedHashMap<>();
            o.members().forEach((k, x) -> members.put(k, rewrite(x, rewrite)));
            return new ObjectValue(members);
        }
        return v;
    }
}
