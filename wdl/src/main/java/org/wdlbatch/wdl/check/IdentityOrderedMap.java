package org.wdlbatch.wdl.check;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An unmodifiable map that iterates in the order it was given and looks keys up by identity. For maps keyed by
 * AST nodes: they are records, so a hash lookup would hash (and compare) the whole subtree every time, while the
 * node that is looked up is always the very instance the map was built from.
 */
final class IdentityOrderedMap<K, V> extends AbstractMap<K, V> {

    private final IdentityHashMap<K, V> index;
    private final List<Map.Entry<K, V>> entries;

    private IdentityOrderedMap(Map<K, V> source) {
        this.index = new IdentityHashMap<>(source.size() * 2);
        this.entries = new ArrayList<>(source.size());
        source.forEach((k, v) -> {
            if (index.put(k, v) == null) {
                entries.add(Map.entry(k, v));
            }
        });
    }

    static <K, V> Map<K, V> copyOf(Map<K, V> source) {
        return source instanceof IdentityOrderedMap ? source : new IdentityOrderedMap<>(source);
    }

    @Override
    public V get(Object key) {
        return index.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return index.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                Iterator<Map.Entry<K, V>> it = entries.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map.Entry<K, V> next() {
                        return it.next();
                    }
                };
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }
}
