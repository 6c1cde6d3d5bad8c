package org.wdlbatch.wdl.source;

/**
 * A position in a WDL source file: the file as the user named it (or its URI), and a 1-based line and column.
 * Every AST node carries one so that every diagnostic can point at the culprit.
 */
public record SourcePos(String file, int line, int column) {

    public static final SourcePos UNKNOWN = new SourcePos("<unknown>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
