package org.wdlbatch.wdl.check;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.load.LoadedDocument;
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
