package org.wdlbatch.wdl.syntax;

import java.util.HashSet;
import java.util.Set;
import org.wdlbatch.wdl.ast.Version;

/**
 * Reserved words per version (the same sets miniwdl enforces). They may not name declarations, tasks, workflows,
 * structs, calls, scatter variables or import namespaces, nor appear as a bare name in an expression. Keys of
 * meta/runtime sections, struct members, call input names and object keys may be any word.
 */
final class Keywords {

    private static final Set<String> DRAFT_2 = Set.of(
            "Array", "File", "Float", "Int", "Map", "None", "Pair", "String",
            "as", "call", "command", "else", "false", "if", "import", "input", "left", "meta", "object", "output",
            "parameter_meta", "right", "runtime", "scatter", "task", "then", "true", "workflow");
    private static final Set<String> V1_0 = union(DRAFT_2, Set.of("alias", "struct"));
    // miniwdl also reserves "env" in 1.2; the spec does not, and inputs named env are plausible, so it stays a name
    // (it is a modifier only at the start of a declaration that goes on with a type and a name)
    private static final Set<String> V1_2 = union(V1_0, Set.of("Directory", "hints", "requirements"));

    private Keywords() {}

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    static boolean isReserved(String word, Version version) {
        return switch (version) {
            case DRAFT_2 -> DRAFT_2.contains(word);
            case V1_0, V1_1 -> V1_0.contains(word);
            case V1_2 -> V1_2.contains(word);
        };
    }
}
