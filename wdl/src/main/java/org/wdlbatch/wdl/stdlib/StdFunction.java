package org.wdlbatch.wdl.stdlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.Coercion;
import org.wdlbatch.wdl.values.CoercionException;
import org.wdlbatch.wdl.values.NullValue;
import org.wdlbatch.wdl.values.Value;

/**
 * A standard library function: its variants (signature, the version that introduced it, implementation). The type
 * checker asks {@link #resultType}; the evaluator calls {@link #call}, which picks the variant that fits the
 * arguments' runtime types and coerces the arguments to its parameter types before running it.
 */
public final class StdFunction {

    /** The body of one variant; arguments are already coerced to the variant's parameter types. */
    @FunctionalInterface
    public interface Impl {
        Value apply(List<Value> args, CallContext ctx) throws IOException;
    }

    record Variant(Signature signature, Version since, Impl impl) {}

    private final String name;
    private final List<Variant> variants = new ArrayList<>();

    StdFunction(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void add(Variant v) {
        variants.add(v);
    }

    public boolean availableIn(Version version) {
        return variants.stream().anyMatch(v -> version.atLeast(v.since()));
    }

    private List<Variant> variantsIn(Version version) {
        return variants.stream().filter(v -> version.atLeast(v.since())).collect(Collectors.toList());
    }

    /** The signatures available in {@code version}, as the spec writes them. */
    public List<String> signatures(Version version) {
        return variantsIn(version).stream().map(v -> name + "(" + v.signature() + ")").collect(Collectors.toList());
    }

    /**
     * The result type of a call with arguments of static types {@code args}.
     *
     * @throws FunctionTypeException when no variant accepts them
     */
    public Type resultType(List<Type> args, Version version) {
        List<Variant> vs = variantsIn(version);
        for (Variant v : vs) {
            Map<String, Type> b = v.signature().bind(args);
            if (b != null) {
                return v.signature().resultType(b);
            }
        }
        throw mismatch(args, vs);
    }

    private FunctionTypeException mismatch(List<Type> args, List<Variant> vs) {
        String got = args.stream().map(Type::toString).collect(Collectors.joining(", "));
        String expected = vs.stream().map(v -> name + "(" + v.signature().params.stream().map(Object::toString)
                .collect(Collectors.joining(", ")) + ")").distinct().collect(Collectors.joining(" or "));
        int arg = -1;
        List<Variant> sameArity = vs.stream().filter(v -> v.signature().params.size() == args.size()).toList();
        if (sameArity.size() == 1) {
            arg = sameArity.get(0).signature().firstMismatch(args);
        }
        if (sameArity.isEmpty()) {
            return new FunctionTypeException(name + "() takes " + vs.stream().map(v -> v.signature().params.size())
                    .distinct().map(String::valueOf).collect(Collectors.joining(" or ")) + " argument(s), got "
                    + args.size() + " (expected " + expected + ")");
        }
        String which = arg >= 0 ? "argument " + (arg + 1) + " of " + name + "() has type " + args.get(arg)
                : name + "(" + got + ") does not fit";
        return new FunctionTypeException(which + "; expected " + expected, arg);
    }

    /** Runs the function on evaluated arguments. */
    public Value call(List<Value> args, CallContext ctx) {
        List<Type> types = args.stream().map(Value::type).collect(Collectors.toList());
        List<Variant> vs = variantsIn(ctx.version());
        for (Variant v : vs) {
            Map<String, Type> b = v.signature().bind(types);
            if (b == null) {
                continue;
            }
            List<Type> params = v.signature().paramTypes(b);
            List<Value> coerced = new ArrayList<>(args.size());
            for (int i = 0; i < args.size(); i++) {
                try {
                    coerced.add(Coercion.coerce(args.get(i), params.get(i), ctx.version()));
                } catch (CoercionException e) {
                    throw new EvalException(null, "argument " + (i + 1) + " of " + name + "(): " + e.getMessage(),
                            args.get(i) instanceof NullValue || e.getMessage().contains("got None"), e);
                }
            }
            try {
                return v.impl().apply(coerced, ctx);
            } catch (IOException e) {
                throw new EvalException(null, name + "(): " + e.getMessage(), false, e);
            } catch (UncheckedIOException e) {
                throw new EvalException(null, name + "(): " + e.getCause().getMessage(), false, e);
            } catch (UnsupportedOperationException e) {
                throw new EvalException(null, e.getMessage(), false, e);
            } catch (CoercionException e) {
                throw new EvalException(null, name + "(): " + e.getMessage(), false, e);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof NullValue) {
                throw new EvalException(null, "argument " + (i + 1) + " of " + name + "() is None, but a value is"
                        + " needed", true, null);
            }
        }
        throw new EvalException(null, mismatch(types, vs).getMessage(), false, null);
    }
}
