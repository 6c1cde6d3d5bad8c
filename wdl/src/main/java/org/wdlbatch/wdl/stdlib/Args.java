package org.wdlbatch.wdl.stdlib;

import java.util.ArrayList;
import java.util.List;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.FloatValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

/** Unpacking of (already coerced) argument values and building of results, shared by the function families. */
final class Args {

    private Args() {}

    static String str(Value v) {
        if (v instanceof StringValue s) {
            return s.value();
        }
        if (v instanceof FileValue f) {
            return f.path();
        }
        if (v instanceof DirectoryValue d) {
            return d.path();
        }
        return Values.interpolationString(v);
    }

    static long lng(Value v) {
        if (v instanceof IntValue i) {
            return i.value();
        }
        throw new EvalException("expected Int, got " + Values.describe(v));
    }

    static double dbl(Value v) {
        return Values.toDouble(v);
    }

    static boolean bool(Value v) {
        if (v instanceof BooleanValue b) {
            return b.value();
        }
        throw new EvalException("expected Boolean, got " + Values.describe(v));
    }

    static ArrayValue arr(Value v) {
        if (v instanceof ArrayValue a) {
            return a;
        }
        throw new EvalException("expected an Array, got " + Values.describe(v));
    }

    static MapValue map(Value v) {
        if (v instanceof MapValue m) {
            return m;
        }
        throw new EvalException("expected a Map, got " + Values.describe(v));
    }

    static List<String> strings(Value v) {
        List<String> out = new ArrayList<>();
        for (Value item : arr(v).items()) {
            out.add(str(item));
        }
        return out;
    }

    static StringValue string(String s) {
        return new StringValue(s);
    }

    static ArrayValue stringArray(List<String> items) {
        List<Value> vs = new ArrayList<>(items.size());
        for (String s : items) {
            vs.add(new StringValue(s));
        }
        return ArrayValue.of(Type.STRING, vs);
    }

    static IntValue integer(long l) {
        return new IntValue(l);
    }

    static FloatValue flt(double d) {
        return new FloatValue(d);
    }

    static BooleanValue bool(boolean b) {
        return BooleanValue.of(b);
    }

    /** The item type of an array value, or {@code Any} for an empty one. */
    static Type itemType(Value v) {
        return arr(v).itemType();
    }
}
