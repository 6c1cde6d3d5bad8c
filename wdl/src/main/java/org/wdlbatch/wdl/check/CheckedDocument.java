package org.wdlbatch.wdl.check;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.load.LoadedDocument;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.types.Type;

/**
 * A document after type checking: structs visible in it (own and imported, under their alias), checked tasks, the
 * checked workflow (null when the document has none), checked imports by namespace, and the resolved type of
 * every declaration (struct types with their members filled in).
 */
public final class CheckedDocument {

    private final LoadedDocument loaded;
    final Map<String, Type.StructType> structs = new LinkedHashMap<>();
    final Map<String, CheckedTask> tasks = new LinkedHashMap<>();
    final Map<String, CheckedDocument> imports = new LinkedHashMap<>();
    final Map<Declaration, Type> declarationTypes = new IdentityHashMap<>();
    CheckedWorkflow workflow;
    final List<Diagnostic> warnings = new ArrayList<>();

    CheckedDocument(LoadedDocument loaded) {
        this.loaded = loaded;
    }

    public LoadedDocument loaded() {
        return loaded;
    }

    public Document document() {
        return loaded.document();
    }

    public String uri() {
        return loaded.uri();
    }

    public Map<String, Type.StructType> structs() {
        return structs;
    }

    public Map<String, CheckedTask> tasks() {
        return tasks;
    }

    public CheckedTask task(String name) {
        return tasks.get(name);
    }

    public CheckedWorkflow workflow() {
        return workflow;
    }

    public Map<String, CheckedDocument> imports() {
        return imports;
    }

    /**
     * What the document and its imports do that the spec forbids but Cromwell and miniwdl accept (and so do we):
     * each import's once, in document order.
     */
    public List<Diagnostic> warnings() {
        Set<Diagnostic> all = new LinkedHashSet<>();
        collectWarnings(this, all, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return List.copyOf(all);
    }

    private static void collectWarnings(CheckedDocument d, Set<Diagnostic> all, Set<CheckedDocument> seen) {
        if (!seen.add(d)) {
            return;
        }
        for (CheckedDocument i : d.imports.values()) {
            collectWarnings(i, all, seen);
        }
        all.addAll(d.warnings);
    }

    /** The resolved type of a declaration of this document (input, private, output or workflow body). */
    public Type typeOf(Declaration declaration) {
        Type t = declarationTypes.get(declaration);
        return t != null ? t : declaration.type();
    }

    @Override
    public String toString() {
        return uri();
    }
}
