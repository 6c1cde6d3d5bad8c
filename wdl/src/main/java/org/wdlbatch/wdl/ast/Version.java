package org.wdlbatch.wdl.ast;

/** The WDL versions we read. A document without a {@code version} line is draft-2. */
public enum Version {
    DRAFT_2("draft-2"),
    V1_0("1.0"),
    V1_1("1.1"),
    V1_2("1.2");

    private final String label;

    Version(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The version named on a {@code version} line; {@code development} is read as the newest. Null when unknown. */
    public static Version fromLabel(String label) {
        return switch (label) {
            case "draft-2" -> DRAFT_2;
            case "1.0" -> V1_0;
            case "1.1" -> V1_1;
            case "1.2", "development" -> V1_2;
            default -> null;
        };
    }

    public boolean atLeast(Version other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return label;
    }
}
