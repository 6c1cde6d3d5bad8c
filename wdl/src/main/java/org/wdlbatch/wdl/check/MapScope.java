package org.wdlbatch.wdl.check;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A flat scope of values (a task's declarations), recording which names an expression used. */
final class MapScope implements Scope {

    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private final MapScope parent;
    final Set<String> used = new LinkedHashSet<>();

    MapScope(MapScope parent) {
        this.parent = parent;
    }

    void put(String name, Binding binding) {
        bindings.put(name, binding);
    }

    boolean has(String name) {
        return bindings.containsKey(name);
    }

    @Override
    public Binding lookup(String name) {
        Binding b = bindings.get(name);
        if (b != null) {
            used.add(name);
            return b;
        }
        return parent == null ? null : parent.lookup(name);
    }

    @Override
    public Collection<String> names() {
        Set<String> all = new LinkedHashSet<>(bindings.keySet());
        if (parent != null) {
            all.addAll(parent.names());
        }
        return all;
    }
}
