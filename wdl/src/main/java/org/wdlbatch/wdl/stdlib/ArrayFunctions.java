package org.wdlbatch.wdl.stdlib;

import static org.wdlbatch.wdl.stdlib.Args.arr;
import static org.wdlbatch.wdl.stdlib.Args.integer;
import static org.wdlbatch.wdl.stdlib.Args.lng;

import java.util.ArrayList;
import java.util.List;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.NullValue;
import org.wdlbatch.wdl.values.PairValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

/**
 * length (1.2 also on Map, Object and String), range, transpose, cross, zip, unzip, flatten, select_first (1.2 with
 * a default), select_all (all versions); contains, chunk (1.2).
 */
final class ArrayFunctions {

    private ArrayFunctions() {}

    static void register(StdLib.Builder b) {
        b.fn("length")
                .variant("Array[X] -> Int", (a, c) -> integer(arr(a.get(0)).size()))
                .since(Version.V1_2)
                .variant("Map[X, Y] -> Int", (a, c) -> integer(Args.map(a.get(0)).size()))
                .variant("Object -> Int", (a, c) -> integer(((org.wdlbatch.wdl.values.ObjectValue) a.get(0)).members().size()))
                .variant("String! -> Int", (a, c) -> integer(Args.str(a.get(0)).codePointCount(0, Args.str(a.get(0)).length())));
        b.fn("range").variant("Int -> Array[Int]", (a, c) -> {
            long n = lng(a.get(0));
            if (n < 0) {
                throw new EvalException("range(" + n + "): the argument must not be negative");
            }
            List<Value> out = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                out.add(new IntValue(i));
            }
            return ArrayValue.of(Type.INT, out);
        });
        b.fn("transpose").variant("Array[Array[X]] -> Array[Array[X]]", (a, c) -> {
            ArrayValue rows = arr(a.get(0));
            Type item = rows.itemType() instanceof Type.ArrayType at ? at.item() : Type.ANY;
            if (rows.size() == 0) {
                return ArrayValue.of(Type.arrayOf(item), List.of());
            }
            int width = arr(rows.get(0)).size();
            List<List<Value>> cols = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                cols.add(new ArrayList<>());
            }
            for (int i = 0; i < rows.size(); i++) {
                ArrayValue r = arr(rows.get(i));
                if (r.size() != width) {
                    throw new EvalException("transpose(): row " + i + " has " + r.size() + " items, row 0 has " + width
                            + "; all rows must have the same length");
                }
                for (int j = 0; j < width; j++) {
                    cols.get(j).add(r.get(j));
                }
            }
            List<Value> out = new ArrayList<>();
            for (List<Value> col : cols) {
                out.add(ArrayValue.of(item, col));
            }
            return ArrayValue.of(Type.arrayOf(item), out);
        });
        b.fn("cross").variant("Array[X], Array[Y] -> Array[Pair[X, Y]]", (a, c) -> {
            ArrayValue x = arr(a.get(0));
            ArrayValue y = arr(a.get(1));
            Type.PairType pt = Type.pairOf(x.itemType(), y.itemType());
            List<Value> out = new ArrayList<>();
            for (Value l : x.items()) {
                for (Value r : y.items()) {
                    out.add(new PairValue(pt, l, r));
                }
            }
            return ArrayValue.of(pt, out);
        });
        b.fn("zip").variant("Array[X], Array[Y] -> Array[Pair[X, Y]]", (a, c) -> {
            ArrayValue x = arr(a.get(0));
            ArrayValue y = arr(a.get(1));
            if (x.size() != y.size()) {
                throw new EvalException("zip(): the arrays have different lengths (" + x.size() + " and " + y.size() + ")");
            }
            Type.PairType pt = Type.pairOf(x.itemType(), y.itemType());
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                out.add(new PairValue(pt, x.get(i), y.get(i)));
            }
            return ArrayValue.of(pt, out);
        });
        b.fn("unzip").variant("Array[Pair[X, Y]] -> Pair[Array[X], Array[Y]]", (a, c) -> {
            ArrayValue x = arr(a.get(0));
            Type lt = x.itemType() instanceof Type.PairType pt ? pt.left() : Type.ANY;
            Type rt = x.itemType() instanceof Type.PairType pt ? pt.right() : Type.ANY;
            List<Value> ls = new ArrayList<>();
            List<Value> rs = new ArrayList<>();
            for (Value v : x.items()) {
                PairValue p = (PairValue) v;
                ls.add(p.left());
                rs.add(p.right());
            }
            return new PairValue(ArrayValue.of(lt, ls), ArrayValue.of(rt, rs));
        });
        b.fn("flatten").variant("Array[Array[X]] -> Array[X]", (a, c) -> {
            ArrayValue x = arr(a.get(0));
            Type item = x.itemType() instanceof Type.ArrayType at ? at.item() : Type.ANY;
            List<Value> out = new ArrayList<>();
            for (Value v : x.items()) {
                out.addAll(arr(v).items());
            }
            return ArrayValue.of(item, out);
        });
        b.fn("select_first")
                .variant("Array[X?]+ -> X", (a, c) -> selectFirst(arr(a.get(0)), null))
                .since(Version.V1_2)
                .variant("Array[X?], X -> X", (a, c) -> selectFirst(arr(a.get(0)), a.get(1)));
        b.fn("select_all").variant("Array[X?] -> Array[X]", (a, c) -> {
            ArrayValue x = arr(a.get(0));
            List<Value> out = new ArrayList<>();
            for (Value v : x.items()) {
                if (!(v instanceof NullValue)) {
                    out.add(v);
                }
            }
            return ArrayValue.of(x.itemType().asRequired(), out);
        });
        b.fn("contains").since(Version.V1_2).variant("Array[P?], P? -> Boolean", (a, c) -> {
            for (Value v : arr(a.get(0)).items()) {
                if (Values.wdlEquals(v, a.get(1))) {
                    return BooleanValue.TRUE;
                }
            }
            return BooleanValue.FALSE;
        });
        b.fn("chunk").since(Version.V1_2).variant("Array[X], Int -> Array[Array[X]]", (a, c) -> {
            ArrayValue x = arr(a.get(0));
            long size = lng(a.get(1));
            if (size <= 0) {
                throw new EvalException("chunk(): the chunk size must be positive, got " + size);
            }
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < x.size(); i += (int) Math.min(size, Integer.MAX_VALUE)) {
                out.add(ArrayValue.of(x.itemType(), x.items().subList(i, (int) Math.min(x.size(), i + size))));
            }
            return ArrayValue.of(Type.arrayOf(x.itemType()), out);
        });
    }

    private static Value selectFirst(ArrayValue x, Value dflt) {
        for (Value v : x.items()) {
            if (!(v instanceof NullValue)) {
                return v;
            }
        }
        if (dflt != null) {
            return dflt;
        }
        throw EvalException.none(x.size() == 0 ? "select_first() of an empty array"
                : "select_first(): all " + x.size() + " values are None");
    }
}
