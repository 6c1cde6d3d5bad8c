package org.wdlbatch.cli;

/** The main of the small jar {@link LauncherCdsTest} runs through bin/wdlbatch. */
public final class LauncherProbe {

    private LauncherProbe() {}

    public static void main(String[] args) {
        System.out.println("probe " + String.join(" ", args));
    }
}
