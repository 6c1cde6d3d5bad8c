package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.source.WdlException;

/**
 * Random token deletions, insertions, swaps and duplications over the test corpus (seeded, so reproducible): the
 * parser must either succeed or throw {@link WdlException} with a position inside the document. Never another
 * exception, never a stack overflow, never a hang (each case runs under a generous hang guard).
 */
class MutationTest {

    private static final long SEED = 20261121L;
    private static final int CASES_PER_FILE = 1000;

    /** Extra tokens worth inserting: the ones that switch lexer modes or open and close blocks. */
    private static final String[] SPECIALS = {
        "{", "}", "(", ")", "[", "]", "\"", "'", "<<<", ">>>", "~{", "${", "\\", "#", "\n", "=", "==", ":", ",",
        ".", "*", "**", "-", "!", "?", "+", "if", "then", "else", "call", "scatter", "input", "output", "command",
        "task", "workflow", "struct", "import", "version", "as", "alias", "after", "in", "object", "None", "env",
        "hints", "meta", "0x", "1e", "\\u12", "\\x", "sep=", "true=", "\t", "\r\n", "\u00e9", "\0",
    };

    /** Splits a document into mutation units: names/numbers, white-space runs, single other characters. */
    static List<String> units(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int j = i + 1;
            if (Character.isLetterOrDigit(c) || c == '_') {
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
            } else if (c == ' ' || c == '\t') {
                while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                    j++;
                }
            }
            out.add(text.substring(i, j));
            i = j;
        }
        return out;
    }

    static String mutate(List<String> units, Random rnd) {
        List<String> u = new ArrayList<>(units);
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && !u.isEmpty(); e++) {
            int at = rnd.nextInt(u.size());
            switch (rnd.nextInt(5)) {
                case 0 -> u.remove(at);
                case 1 -> u.add(at, SPECIALS[rnd.nextInt(SPECIALS.length)]);
                case 2 -> u.add(at, units.get(rnd.nextInt(units.size())));
                case 3 -> {
                    int other = rnd.nextInt(u.size());
                    String t = u.get(at);
                    u.set(at, u.get(other));
                    u.set(other, t);
                }
                default -> {
                    // duplicate or drop a whole range: unbalances blocks, strings and commands at once
                    int end = Math.min(u.size(), at + 1 + rnd.nextInt(40));
                    List<String> range = new ArrayList<>(u.subList(at, end));
                    if (rnd.nextBoolean()) {
                        u.addAll(end, range);
                    } else {
                        u.subList(at, end).clear();
                    }
                }
            }
        }
        return String.join("", u);
    }

    @Test
    void mutatedCorpusOnlyEverParsesOrGivesWdlException() throws IOException {
        Random rnd = new Random(SEED);
        int parsed = 0;
        int rejected = 0;
        for (Path file : CorpusTest.corpusFiles()) {
            List<String> units = units(Files.readString(file));
            for (int k = 0; k < CASES_PER_FILE; k++) {
                String mutant = mutate(units, rnd);
                String label = file.getFileName() + " case " + k;
                Boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> parseOrReject(mutant, label),
                        () -> "parser hung on " + label + ":\n" + mutant);
                if (ok) {
                    parsed++;
                } else {
                    rejected++;
                }
            }
        }
        System.out.println("mutation test: " + parsed + " mutants parsed, " + rejected + " rejected with WdlException");
        assertThat(rejected).isGreaterThan(parsed);
    }

    /** True when the mutant parses, false for a WdlException; anything else fails the test with the mutant. */
    private static boolean parseOrReject(String mutant, String label) {
        try {
            Parser.parseDocument(mutant, "mutant.wdl");
            return true;
        } catch (WdlException e) {
            SourcePos p = e.diagnostics().get(0).pos();
            long lines = mutant.chars().filter(c -> c == '\n').count() + 1;
            assertThat(p.line()).as("line of %s in %s:\n%s", e.getMessage(), label, mutant).isBetween(1, (int) lines);
            assertThat(p.column()).as("column of %s in %s", e.getMessage(), label).isPositive();
            return false;
        } catch (Throwable t) {
            throw new AssertionError("parser threw " + t + " on " + label + ":\n" + mutant, t);
        }
    }

    /** Token soup for the expression and type entry points, which the document mutants reach only indirectly. */
    @Test
    void randomTokenSoupOnlyEverParsesOrGivesWdlException() {
        String[] vocab = {
            "a", "b", "f", "x.y", "1", "0x1F", "017", "2.5", "1e3", "true", "None", "if", "then", "else", "object",
            "S", "Array", "Map", "Pair", "Int", "String", "File?", "+", "-", "*", "**", "/", "%", "!", "&&", "||", "==",
            "<", ">=", "(", ")", "[", "]", "{", "}", ",", ":", ".", "?", "=", "\"", "'", "~{", "${", "<<<", ">>>",
            "\\", "sep=", " ", "\n", "#",
        };
        Random rnd = new Random(SEED + 1);
        int parsed = 0;
        for (int k = 0; k < 4000; k++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + rnd.nextInt(25);
            for (int i = 0; i < n; i++) {
                b.append(vocab[rnd.nextInt(vocab.length)]).append(rnd.nextInt(3) == 0 ? " " : "");
            }
            String soup = b.toString();
            org.wdlbatch.wdl.ast.Version v = org.wdlbatch.wdl.ast.Version.values()[k % 4];
            boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                boolean any = false;
                try {
                    Parser.parseExpression(soup, v);
                    any = true;
                } catch (WdlException e) {
                    // fine
                }
                try {
                    Parser.parseType(soup, v);
                    any = true;
                } catch (WdlException e) {
                    // fine
                }
                return any;
            }, () -> "parser hung on " + soup);
            if (ok) {
                parsed++;
            }
        }
        System.out.println("token soup: " + parsed + " of 4000 parsed as an expression or a type");
        assertThat(parsed).isPositive();
    }
}
