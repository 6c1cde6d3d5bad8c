package org.wdlbatch.wdl.eval;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.wdl.values.Value;

/**
 * Names visible to an expression, with their values. A child environment sees its parent's names and can shadow
 * them (a scatter body over the workflow's scope).
 *
 * <p>Names may be dotted: the engine binds call outputs as {@code call.out} (and imported namespaces as
 * {@code ns.call.out}); the evaluator resolves {@code a.b.c} to the longest bound prefix and then takes members
 * ({@code left}/{@code right} of a pair, struct and object members) for the rest.
 */
public final class Environment {

    private final Environment parent;
    private final Map<String, Value> values = new LinkedHashMap<>();

    public Environment() {
        this(null);
    }

    public Environment(Environment parent) {
        this.parent = parent;
    }

    /** A new empty scope whose lookups fall back to this one. */
    public Environment child() {
        return new Environment(this);
    }

    /** Binds (or rebinds, in this scope) {@code name}; returns this environment for chaining. */
    public Environment bind(String name, Value value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for " + name);
        }
        values.put(name, value);
        return this;
    }

    /** Binds every entry of {@code bindings}. */
    public Environment bindAll(Map<String, ? extends Value> bindings) {
        bindings.forEach(this::bind);
        return this;
    }

    /** The value of {@code name} in this scope or an enclosing one, or null when it is not bound. */
    public Value lookup(String name) {
        for (Environment e = this; e != null; e = e.parent) {
            Value v = e.values.get(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    public boolean contains(String name) {
        return lookup(name) != null;
    }

    /** True when some bound name starts with {@code prefix + "."}: {@code prefix} is a call or namespace. */
    public boolean hasNamespace(String prefix) {
        String p = prefix + ".";
        for (Environment e = this; e != null; e = e.parent) {
            for (String k : e.values.keySet()) {
                if (k.startsWith(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The bindings of this scope only, in binding order. */
    public Map<String, Value> local() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Every visible name, innermost first. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        for (Environment e = this; e != null; e = e.parent) {
            out.addAll(e.values.keySet());
        }
        return out;
    }
}
