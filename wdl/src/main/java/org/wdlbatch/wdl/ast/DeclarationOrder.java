package org.wdlbatch.wdl.ast;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order to evaluate a section's declarations in (a task's or a workflow's outputs): each after the
 * declarations of the section it reads, otherwise in source order. {@code File a = "a.txt"} written after
 * {@code Object o = object { f: a }} is evaluated first, as miniwdl and Cromwell do (WDL declarations are not
 * ordered by position).
 */
public final class DeclarationOrder {

    private DeclarationOrder() {}

    /** {@code decls} reordered by their dependencies within the list; those in a cycle keep their source order. */
    public static List<Declaration> of(List<Declaration> decls) {
        Set<String> names = new HashSet<>();
        decls.forEach(d -> names.add(d.name()));
        List<Declaration> pending = new ArrayList<>(decls);
        List<Declaration> out = new ArrayList<>(decls.size());
        Set<String> done = new HashSet<>();
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Declaration d = it.next();
                Set<String> reads = d.expr() == null ? Set.of() : ReferencedNames.of(d.expr());
                if (reads.stream().allMatch(n -> !names.contains(n) || n.equals(d.name()) || done.contains(n))) {
                    out.add(d);
                    done.add(d.name());
                    it.remove();
                    progress = true;
                }
            }
        }
        out.addAll(pending); // a cycle: evaluating says which name is missing
        return out;
    }
}
