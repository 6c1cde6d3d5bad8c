package org.wdlbatch.cli;

/** Entry point of the {@code wdlbatch} command (placeholder until the CLI lands). */
public final class WdlbatchMain {

    private WdlbatchMain() {}

    public static void main(String[] args) {
        System.err.println("wdlbatch: not implemented yet");
        System.exit(2);
    }
}
