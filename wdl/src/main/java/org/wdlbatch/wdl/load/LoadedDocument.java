package org.wdlbatch.wdl.load;

import java.util.Map;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Import;

/**
 * One parsed document and the documents its imports resolved to, by namespace (in import order).
 * An import that failed to load (missing file, cycle) is absent; the loader has reported it.
 */
public final class LoadedDocument {

    private final SourceLocation location;
    private final Document document;
    private final Map<String, Imported> imports;

    /** One {@code import} statement and the document it loaded. */
    public record Imported(Import statement, LoadedDocument document) {}

    /** The text the document was parsed from (for reuse across loads of the same file). */
    final String text;

    LoadedDocument(SourceLocation location, Document document, Map<String, Imported> imports, String text) {
        this.text = text;
        this.location = location;
        this.document = document;
        this.imports = imports;
    }

    public SourceLocation location() {
        return location;
    }

    public Document document() {
        return document;
    }

    /** The name diagnostics use for this document. */
    public String uri() {
        return location.display();
    }

    public Map<String, Imported> imports() {
        return imports;
    }

    @Override
    public String toString() {
        return uri();
    }
}
