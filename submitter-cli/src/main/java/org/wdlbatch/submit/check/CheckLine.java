package org.wdlbatch.submit.check;

/**
 * One line of the checklist: what was looked at, what was found, and when it is not OK, how to fix it. A WARN
 * does not stop a run (something that could not be verified, or that AWS sets up by itself); a FAIL does.
 */
public record CheckLine(Status status, String item, String detail, String fix) {

    public enum Status { OK, WARN, FAIL }

    static CheckLine ok(String item, String detail) {
        return new CheckLine(Status.OK, item, detail, null);
    }

    static CheckLine warn(String item, String detail, String fix) {
        return new CheckLine(Status.WARN, item, detail, fix);
    }

    static CheckLine fail(String item, String detail, String fix) {
        return new CheckLine(Status.FAIL, item, detail, fix);
    }

    /** {@code OK    item: detail}, and an indented {@code fix:} line when there is one. */
    public String render() {
        String line = String.format("%-5s %s: %s", status, item, detail);
        return fix == null ? line : line + System.lineSeparator() + "      fix: " + fix;
    }
}
