package org.wdlbatch.wdl.values;

/**
 * A value that cannot be coerced to the type asked for. {@link #path()} locates the culprit inside a compound value
 * ({@code [2].bam}, {@code ["key"]}, {@code .left}); {@link #reason()} says what was expected and what was found.
 */
public class CoercionException extends RuntimeException {

    private final String path;
    private final String reason;

    public CoercionException(String reason) {
        this("", reason);
    }

    private CoercionException(String path, String reason) {
        super(path.isEmpty() ? reason : path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    /** The same problem one level further out: {@code prefix} is {@code [3]}, {@code .member}, etc. */
    public CoercionException within(String prefix) {
        return new CoercionException(prefix + path, reason);
    }
}
