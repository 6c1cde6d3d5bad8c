package org.wdlbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * {@code wdlbatch --help} without building picocli's command model. Building it (reflection over every subcommand's
 * annotated fields, about 190 picocli classes, annotation proxies) is most of what {@code --help} costs; the text it
 * prints depends on nothing but the classes (the top command's usage width is picocli's fixed 80 columns), so the
 * build renders it once ({@link #main}, run by Maven in {@code process-classes}) into two resources, plain and with
 * ANSI styles, and {@link #printIfPrerendered} prints the one picocli would print. Without the resources (a build
 * that skipped the step, an IDE), or when {@code picocli.usage.width} asks for another width, picocli renders it
 * as before. {@code PrerenderedHelpTest} checks that both resources are byte for byte what picocli prints.
 */
public final class PrerenderedHelp {

    static final String PLAIN = "wdlbatch-help.txt";
    static final String ANSI = "wdlbatch-help.ansi.txt";

    private PrerenderedHelp() {}

    /** What picocli prints for {@code wdlbatch --help}, with or without ANSI styles. */
    static String render(boolean ansi) {
        return WdlbatchMain.commandLine().getUsageMessage(
                ansi ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF);
    }

    /**
     * Prints the pre-rendered help when {@code args} asks for the top command's help and nothing changes its
     * rendering; returns false when the caller must let picocli do it.
     */
    static boolean printIfPrerendered(String[] args, PrintStream out) {
        if (args.length != 1 || !(args[0].equals("--help") || args[0].equals("-h"))
                || System.getProperty("picocli.usage.width") != null) {
            return false;
        }
        // the same choice picocli makes for Ansi.AUTO (a terminal, NO_COLOR, CLICOLOR_FORCE, picocli.ansi, ...)
        String name = CommandLine.Help.Ansi.AUTO.enabled() ? ANSI : PLAIN;
        try (InputStream in = PrerenderedHelp.class.getResourceAsStream(name)) {
            if (in == null) {
                return false;
            }
            // decoded and printed as text: picocli prints through a PrintWriter on System.out, same encoding
            out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Build step: writes both renderings under {@code args[0]} (the classes directory). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve(PrerenderedHelp.class.getPackageName().replace('.', '/'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PLAIN), render(false), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(ANSI), render(true), StandardCharsets.UTF_8);
    }
}
