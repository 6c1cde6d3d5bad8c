package org.wdlbatch.wdl.stdlib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.FloatValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;

/** Calls standard library functions directly on values, for the function tests. */
final class Lib {

    private final Version version;
    private final FileAccess files;

    Lib(Version version, FileAccess files) {
        this.version = version;
        this.files = files;
    }

    Lib() {
        this(Version.V1_2, FileAccess.NONE);
    }

    Value call(String name, Value... args) {
        StdFunction f = StdLib.lookup(name, version);
        if (f == null) {
            throw new EvalException(name + "() is not available in " + version);
        }
        return f.call(Arrays.asList(args), new CallContext(version, files));
    }

    static IntValue i(long v) { return new IntValue(v); }
    static FloatValue f(double v) { return new FloatValue(v); }
    static StringValue s(String v) { return new StringValue(v); }
    static FileValue file(String v) { return new FileValue(v); }

    static ArrayValue ints(long... vs) {
        List<Value> out = new ArrayList<>();
        for (long v : vs) {
            out.add(new IntValue(v));
        }
        return ArrayValue.of(Type.INT, out);
    }

    static ArrayValue strs(String... vs) {
        List<Value> out = new ArrayList<>();
        for (String v : vs) {
            out.add(new StringValue(v));
        }
        return ArrayValue.of(Type.STRING, out);
    }

    /** An array whose item type is the common type of the items (optional when one is None). */
    static ArrayValue arr(Value... vs) {
        Type t = Type.ANY;
        for (Value v : vs) {
            t = org.wdlbatch.wdl.values.Values.unify(t, v.type());
        }
        return ArrayValue.of(t, List.of(vs));
    }

    static MapValue map(Type k, Type v, Object... kv) {
        Map<Value, Value> m = new LinkedHashMap<>();
        for (int j = 0; j < kv.length; j += 2) {
            m.put((Value) kv[j], (Value) kv[j + 1]);
        }
        return new MapValue(k, v, m);
    }
}
