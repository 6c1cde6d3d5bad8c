package org.wdlbatch.bench.frontend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.wdlbatch.wdl.check.TypeChecker;
import org.wdlbatch.wdl.load.DocumentGraph;
import org.wdlbatch.wdl.load.DocumentLoader;
import org.wdlbatch.wdl.load.LoadedDocument;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.syntax.Parser;

/**
 * Benchmark (run by {@code bench/frontend-throughput.sh}, not a test): parse + type-check throughput in lines per
 * second over every {@code .wdl} file under a directory, each file checked as a main document with its imports
 * (a fresh loader per file, so imports are parsed again each time, as a one-file checker would).
 */
public final class FrontendBenchmark {

    private FrontendBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/work/corpus");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // Optional: a reference time in seconds another checker needs for the same files (e.g. miniwdl's ~20 s for
        // the 93 viral-pipelines workflows), to print the implied ratio.
        double referenceSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".wdl") && Files.isRegularFile(p)).sorted().toList();
        }
        long fileLines = 0;
        for (Path f : files) {
            fileLines += Files.readString(f).lines().count();
        }
        System.out.printf("%d .wdl files, %d lines%n", files.size(), fileLines);
        Result warm = null;
        for (int i = 0; i < 3; i++) {
            warm = round(files); // warm-up: JIT
        }
        System.out.printf("checked ok: %d, with problems: %d%n", warm.ok, warm.failed);
        double best = 0;
        double sum = 0;
        double cpuSum = 0;
        for (int r = 1; r <= rounds; r++) {
            Result res = round(files);
            double lps = res.lines / (res.nanos / 1e9);
            double parseLps = fileLines / (parseOnly(files) / 1e9);
            double cpuLps = res.lines / (res.cpuNanos / 1e9);
            best = Math.max(best, lps);
            sum += lps;
            cpuSum += cpuLps;
            System.out.printf("round %d: %,d lines (files with their imports) in %.0f ms = %,.0f lines/s "
                    + "parse+check (%,.0f lines per CPU-second); parse only: %,.0f lines/s%n", r, res.lines,
                    res.nanos / 1e6, lps, cpuLps, parseLps);
        }
        System.out.printf("parse + type-check throughput: mean %,.0f lines/s, best %,.0f lines/s; "
                + "%,.0f lines per CPU-second (mean; not disturbed by other load on the machine)%n",
                sum / rounds, best, cpuSum / rounds);
        if (referenceSeconds > 0) {
            double reference = warm.lines / referenceSeconds;
            System.out.printf("reference: %.0f s for the same %,d lines = %,.0f lines/s; ours is %.0fx (mean wall), "
                    + "%.0fx (per CPU-second)%n", referenceSeconds, warm.lines, reference, (sum / rounds) / reference,
                    (cpuSum / rounds) / reference);
        }
    }

    private record Result(long lines, long nanos, long cpuNanos, int ok, int failed) {}

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static Result round(List<Path> files) {
        long lines = 0;
        int ok = 0;
        int failed = 0;
        java.util.Map<Path, DocumentGraph> graphs = new java.util.HashMap<>();
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (Path f : files) {
            DocumentLoader loader = new DocumentLoader(Parser::parseDocument, uri -> {
                throw new IOException("no network in the benchmark");
            });
            try {
                DocumentGraph g = loader.load(f.toString());
                graphs.put(f, g);
                TypeChecker.check(g);
                ok++;
            } catch (WdlException e) {
                failed++;
            }
        }
        long nanos = System.nanoTime() - t0;
        long cpu = THREADS.getCurrentThreadCpuTime() - c0;
        // Lines are counted after the clock stops: each loaded document of each file's graph.
        for (DocumentGraph g : graphs.values()) {
            for (LoadedDocument d : g.documents()) {
                lines += lineCount(d);
            }
        }
        return new Result(lines, nanos, cpu, ok, failed);
    }

    private static long lineCount(LoadedDocument d) {
        try {
            return d.location().read().lines().count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long parseOnly(List<Path> files) {
        long t0 = System.nanoTime();
        for (Path f : files) {
            try {
                Parser.parseDocument(Files.readString(f), f.toString());
            } catch (WdlException | IOException e) {
                // counted in the check rounds
            }
        }
        return System.nanoTime() - t0;
    }
}
