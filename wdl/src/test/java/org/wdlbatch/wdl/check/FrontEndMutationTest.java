package org.wdlbatch.wdl.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;

/**
 * Mutation test of the whole front end (load + parse + type-check): thousands of seeded random token deletions,
 * insertions, swaps and duplications over the test corpus. Each mutant must either check fine or fail with a
 * {@link WdlException} whose diagnostics name file, line and column; any other throwable (including
 * StackOverflowError) or a case running longer than the hang guard fails the test with its seed, so it can be
 * replayed with {@code -Dwdl.mutation.seed=N}.
 */
class FrontEndMutationTest {

    private static final int CASES = Integer.getInteger("wdl.mutation.cases", 3000);
    private static final long SEED = Long.getLong("wdl.mutation.seed", 20261121L);
    private static final long HANG_GUARD_SECONDS = 10;

    /** Rough WDL tokens: heredoc delimiters, operators, words, numbers, quotes, any other character. */
    private static final Pattern TOKEN = Pattern.compile(
            "<<<|>>>|==|!=|<=|>=|&&|\\|\\||\\*\\*|~\\{|\\$\\{|[A-Za-z_][A-Za-z0-9_]*|[0-9]+(\\.[0-9]+)?|\\S");

    /** Tokens worth inserting anywhere: keywords, brackets, quotes, placeholders. */
    private static final List<String> NOISE = List.of("version", "1.0", "1.1", "1.2", "import", "as", "alias",
            "struct", "task", "workflow", "call", "input", "output", "command", "runtime", "scatter", "if", "then",
            "else", "in", "after", "meta", "parameter_meta", "object", "None", "true", "{", "}", "(", ")", "[", "]",
            "<<<", ">>>", "\"", "'", "~{", "${", ":", ",", ".", "=", "?", "+", "*", "-", "Int", "String", "File",
            "Array[", "Map[", "Pair[", "#", "\n", "x", "0", "999999999999999999999");

    @TempDir
    static Path work;

    private static ExecutorService worker;
    private static List<Path> files;

    @BeforeAll
    static void copyCorpus() throws IOException, URISyntaxException {
        Path corpus = Path.of(FrontEndMutationTest.class.getResource("/corpus").toURI());
        try (Stream<Path> s = Files.walk(corpus)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path target = work.resolve(corpus.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        try (Stream<Path> s = Files.walk(work)) {
            files = s.filter(p -> p.toString().endsWith(".wdl")).sorted().toList();
        }
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mutation-case");
            t.setDaemon(true); // a hung case must not keep the JVM alive
            return t;
        });
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void theUnmutatedCorpusChecks() {
        Frontend frontend = offlineFrontend();
        for (Path f : files) {
            frontend.check(f.toString());
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void mutantsGiveDiagnosticsOrPassNeverAnythingElse() throws Exception {
        List<String> texts = new ArrayList<>();
        List<List<String>> tokens = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f);
            texts.add(text);
            tokens.add(tokenize(text));
        }
        int rejected = 0;
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random rnd = new Random(seed);
            int which = rnd.nextInt(files.size());
            Path original = files.get(which);
            String mutant = mutate(tokens.get(which), rnd);
            // The mutant sits next to the original, so its relative imports still resolve.
            Path file = original.resolveSibling("mutant_" + i % 7 + ".wdl");
            Files.writeString(file, mutant);
            Future<Throwable> outcome = worker.submit(() -> {
                try {
                    offlineFrontend().check(file.toString());
                    return null;
                } catch (Throwable t) { // the assertion below decides what is allowed
                    return t;
                }
            });
            Throwable t;
            try {
                t = outcome.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                outcome.cancel(true);
                throw new AssertionError("case " + i + " (seed " + seed + ", from " + original.getFileName()
                        + ") did not finish in " + HANG_GUARD_SECONDS + " s; mutant:\n" + mutant);
            } catch (ExecutionException e) {
                throw new AssertionError(e);
            }
            if (t == null) {
                accepted++;
                continue;
            }
            if (!(t instanceof WdlException we)) {
                AssertionError failure = new AssertionError("case " + i + " (seed " + seed + ", from "
                        + original.getFileName() + ") threw " + t + "; mutant:\n" + mutant);
                failure.initCause(t);
                throw failure;
            }
            rejected++;
            assertThat(we.diagnostics()).as("case %d: diagnostics", i).isNotEmpty();
            for (Diagnostic d : we.diagnostics()) {
                assertThat(d.headline()).as("case %d (seed %d)", i, seed).matches("(?s).+:\\d+:\\d+: error: .+");
            }
        }
        // Most mutants are broken, some survive (a deleted comma in a trailing position, say); both must happen.
        assertThat(rejected).isGreaterThan(CASES / 2);
        assertThat(accepted).isPositive();
    }

    @Test
    void deeplyNestedInputsGiveADiagnosticNotAStackOverflow() throws Exception {
        String[] deep = {
            "version 1.0\nworkflow w { Int x = " + "(".repeat(50_000) + "1" + ")".repeat(50_000) + " }\n",
            "version 1.0\nworkflow w { Array[Int] x = " + "[".repeat(50_000) + "]".repeat(50_000) + " }\n",
            "version 1.0\nworkflow w { Int x = " + "1 + ".repeat(100_000) + "1 }\n",
            "version 1.0\nworkflow w { Int x = " + "-".repeat(100_000) + "1 }\n",
            "version 1.0\nworkflow w {" + " if (true) {".repeat(20_000) + "}".repeat(20_000) + " }\n",
            "version 1.0\nworkflow w { Int x = " + "a.".repeat(50_000) + "b }\n",
            "version 1.0\ntask t { command <<< >>> output { Int o = 1 } }\nworkflow w { call t\n Int x = t."
                    + "o.".repeat(50_000) + "b }\n",
            "version 1.0\nworkflow w { Array[Int] a = [1]\n Int x = a" + "[0]".repeat(50_000) + " }\n",
        };
        for (int i = 0; i < deep.length; i++) {
            Path file = work.resolve("deep_" + i + ".wdl");
            Files.writeString(file, deep[i]);
            Future<Throwable> outcome = worker.submit(() -> {
                try {
                    offlineFrontend().check(file.toString());
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Throwable t = outcome.get(60, TimeUnit.SECONDS);
            if (t != null && !(t instanceof WdlException)) {
                throw new AssertionError("deep input " + i + " threw " + t, t);
            }
        }
    }

    private static Frontend offlineFrontend() {
        return new Frontend(uri -> {
            throw new IOException("offline");
        });
    }

    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(text.substring(last, m.start())); // whitespace kept as its own token
            }
            out.add(m.group());
            last = m.end();
        }
        if (last < text.length()) {
            out.add(text.substring(last));
        }
        return out;
    }

    /** One to three random token edits. */
    static String mutate(List<String> original, Random rnd) {
        List<String> t = new ArrayList<>(original);
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits && !t.isEmpty(); e++) {
            int at = rnd.nextInt(t.size());
            switch (rnd.nextInt(4)) {
                case 0 -> t.remove(at);
                case 1 -> t.add(at, rnd.nextBoolean() ? NOISE.get(rnd.nextInt(NOISE.size()))
                        : original.get(rnd.nextInt(original.size())));
                case 2 -> {
                    int other = Math.min(t.size() - 1, at + 1 + rnd.nextInt(3));
                    String a = t.get(at);
                    t.set(at, t.get(other));
                    t.set(other, a);
                }
                default -> t.add(at, t.get(at));
            }
        }
        return String.join("", t);
    }
}
