package org.wdlbatch.orchestrator.workflowjob;

import java.util.Locale;

/** {@code --delete-after}: after which run outcomes the run directory is deleted (once its upload succeeded). */
public enum DeleteAfter {
    SUCCESS, FAILURE, ALWAYS;

    /** {@code null} or empty: keep the run directory. */
    public static DeleteAfter parse(String value, String flag) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + value + ": expected success, failure or always");
        }
    }

    public boolean appliesTo(boolean succeeded) {
        return this == ALWAYS || (this == SUCCESS) == succeeded;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
