package org.wdlbatch.wdl.source;

/**
 * One problem found in a WDL document. Printed as {@code path:line:col: error: message}, followed by an
 * indented {@code hint: ...} line when a hint helps the user fix it.
 */
public record Diagnostic(SourcePos pos, Severity severity, String message, String hint) {

    public enum Severity {
        ERROR, WARNING;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Diagnostic error(SourcePos pos, String message) {
        return new Diagnostic(pos, Severity.ERROR, message, null);
    }

    public static Diagnostic error(SourcePos pos, String message, String hint) {
        return new Diagnostic(pos, Severity.ERROR, message, hint);
    }

    /** Something accepted (so that what runs on Cromwell and miniwdl runs here) that the spec forbids. */
    public static Diagnostic warning(SourcePos pos, String message, String hint) {
        return new Diagnostic(pos, Severity.WARNING, message, hint);
    }

    /** The one-line form {@code path:line:col: error: message}. */
    public String headline() {
        return pos + ": " + severity + ": " + message;
    }

    /** The headline, then the hint (if any) on its own indented line. */
    public String format() {
        return hint == null ? headline() : headline() + "\n    hint: " + hint;
    }

    @Override
    public String toString() {
        return format();
    }
}
