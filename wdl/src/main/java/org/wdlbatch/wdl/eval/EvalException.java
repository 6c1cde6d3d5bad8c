package org.wdlbatch.wdl.eval;

import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.SourcePos;

/**
 * A runtime error while evaluating an expression: index out of range, key not found, division by zero, None where a
 * value is needed, a failing standard library call. {@link #pos()} points at the expression (null until the
 * evaluator attaches it); {@link #causedByNone()} marks errors due to an undefined value, which a string placeholder
 * turns into the empty string (WDL 1.1+).
 */
public class EvalException extends RuntimeException {

    private final SourcePos pos;
    private final String reason;
    private final boolean causedByNone;

    public EvalException(SourcePos pos, String reason, boolean causedByNone, Throwable cause) {
        super(pos == null ? reason : pos + ": error: " + reason, cause);
        this.pos = pos;
        this.reason = reason;
        this.causedByNone = causedByNone;
    }

    public EvalException(SourcePos pos, String reason) {
        this(pos, reason, false, null);
    }

    /** An error without a position yet (thrown by stdlib functions; the evaluator adds the call's position). */
    public EvalException(String reason) {
        this(null, reason, false, null);
    }

    public static EvalException none(String reason) {
        return new EvalException(null, reason, true, null);
    }

    public SourcePos pos() {
        return pos;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }

    public boolean causedByNone() {
        return causedByNone;
    }

    /** This error located at {@code at}, unless it already has a position. */
    public EvalException at(SourcePos at) {
        if (pos != null || at == null) {
            return this;
        }
        EvalException e = new EvalException(at, reason, causedByNone, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    public Diagnostic toDiagnostic() {
        return Diagnostic.error(pos == null ? SourcePos.UNKNOWN : pos, reason);
    }
}
