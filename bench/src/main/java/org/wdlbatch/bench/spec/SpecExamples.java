package org.wdlbatch.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.check.CheckedDocument;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.stdlib.LocalFileAccess;
import org.wdlbatch.wdl.syntax.Parser;
import org.wdlbatch.wdl.values.CoercionException;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;

/**
 * Spec conformance check: extracts the examples of a SPEC.md, runs those that need no task execution through the
 * parser and the evaluator, and compares their outputs with the spec's "Example output". Prints PASS, FAIL or SKIP
 * (with the reason) per example and a total line {@code N passed, M failed, K skipped}.
 *
 * <p>Usage: {@code SpecExamples SPEC.md [--data DIR] [--only NAME] [--verbose] [--no-check]}; {@code --data} is a
 * folder with the spec's test input files (tests/data of openwdl/wdl), copied into each example's work directory;
 * {@code --no-check} skips the type checker (parser and evaluator only); {@code --run-tasks} also runs examples with
 * tasks and calls, each command with the host's bash in a temporary directory (no containers), to exercise the file
 * functions on what real commands write. Not part of the
 * build's tests: the spec is not in the repository (see bench/spec-examples.sh).
 */
public final class SpecExamples {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA.mappedFeature());

    public enum Outcome { PASS, FAIL, XFAIL, SKIP }

    public record Result(SpecExample example, Outcome outcome, String detail) {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: SpecExamples SPEC.md [--data DIR] [--only NAME] [--verbose] [--no-check] [--run-tasks]");
            System.exit(2);
        }
        Path spec = Path.of(args[0]);
        Path data = null;
        String only = null;
        boolean verbose = false;
        boolean typecheck = true;
        boolean runTasks = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                case "--verbose" -> verbose = true;
                case "--no-check" -> typecheck = false;
                case "--run-tasks" -> runTasks = true;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        List<SpecExample> examples = SpecExampleExtractor.extract(Files.readString(spec));
        int pass = 0;
        int fail = 0;
        int skip = 0;
        int xfail = 0;
        for (SpecExample ex : examples) {
            if (only != null && !ex.name().equals(only)) {
                continue;
            }
            Result r = run(ex, data, typecheck, runTasks);
            switch (r.outcome()) {
                case PASS -> pass++;
                case FAIL -> fail++;
                case XFAIL -> xfail++;
                default -> skip++;
            }
            if (r.outcome() != Outcome.SKIP || verbose) {
                System.out.println(r.outcome() + " " + ex.name() + " (line " + ex.line() + ")"
                        + (r.detail() == null ? "" : ": " + r.detail()));
            } else {
                System.out.println("SKIP " + ex.name() + ": " + r.detail());
            }
        }
        System.out.println(spec.getFileName() + ": " + pass + " passed, " + fail + " failed, " + xfail
                + " known spec errata, " + skip + " skipped (need task execution), " + (pass + fail + xfail + skip)
                + " examples");
    }

    /**
     * Runs one example: parse, type-check (unless {@code typecheck} is false), evaluate, compare.
     */
    public static Result run(SpecExample ex, Path data, boolean typecheck) {
        return run(ex, data, typecheck, false);
    }

    /** The same; with {@code runTasks}, task commands run with the host's bash (no containers). */
    public static Result run(SpecExample ex, Path data, boolean typecheck, boolean runTasks) {
        Result r = runUnchecked(ex, data, typecheck, runTasks);
        String erratum = SpecErrata.KNOWN.get(ex.name());
        if (r.outcome() == Outcome.FAIL && erratum != null) {
            return new Result(ex, Outcome.XFAIL, "spec erratum: " + erratum + " [" + r.detail() + "]");
        }
        return r;
    }

    private static Result runUnchecked(SpecExample ex, Path data, boolean typecheck, boolean runTasks) {
        JsonNode config;
        try {
            config = parse(ex.config());
        } catch (IllegalArgumentException e) {
            return new Result(ex, Outcome.FAIL, e.getMessage());
        }
        // the markdown test convention: names ending in _fail (or _fail_task) must fail
        boolean expectFail = config != null && config.path("fail").asBoolean(false)
                || ex.name().endsWith("_fail") || ex.name().endsWith("_fail_task");
        String target = config != null && config.has("target") ? config.get("target").asText() : null;
        Set<String> excluded = new HashSet<>();
        if (config != null && config.has("exclude_output")) {
            JsonNode x = config.get("exclude_output");
            if (x.isArray()) {
                x.forEach(n -> excluded.add(n.asText()));
            } else {
                excluded.add(x.asText());
            }
        }
        if (config != null && config.has("return_code")) {
            return new Result(ex, Outcome.SKIP, "checks a task's return code");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("spec-" + ex.name());
            if (data != null && Files.isDirectory(data)) {
                copyDir(data, work);
            }
            Document doc = Parser.parseDocument(ex.wdl(), ex.name() + ".wdl");
            if (!doc.imports().isEmpty()) {
                return new Result(ex, Outcome.SKIP, "imports other documents");
            }
            Map<String, org.wdlbatch.wdl.types.Type.StructType> structs = null;
            if (typecheck) {
                Path file = work.resolve(ex.name() + ".wdl");
                Files.writeString(file, ex.wdl());
                CheckedDocument checked = new Frontend().check(file.toString());
                doc = checked.document();
                structs = checked.structs();
            }
            DocumentRunner runner = new DocumentRunner(doc, structs, new LocalFileAccess(work), runTasks ? work : null);
            Map<String, Value> outputs = runner.run(target, parse(ex.input()));
            if (expectFail) {
                return new Result(ex, Outcome.FAIL, "expected an error, got outputs " + outputs.keySet());
            }
            return compare(ex, outputs, parse(ex.output()), excluded);
        } catch (IllegalArgumentException e) {
            return new Result(ex, Outcome.FAIL, firstLine(e.getMessage()));
        } catch (DocumentRunner.NotRunnable e) {
            return new Result(ex, Outcome.SKIP, e.getMessage());
        } catch (WdlException | EvalException | CoercionException e) {
            if (expectFail) {
                return new Result(ex, Outcome.PASS, "failed as expected: " + firstLine(e.getMessage()));
            }
            boolean missingFile = e.getMessage() != null && e.getMessage().contains("file not found");
            if (missingFile && data == null) {
                return new Result(ex, Outcome.SKIP, "needs the spec's data files (--data): " + firstLine(e.getMessage()));
            }
            return new Result(ex, Outcome.FAIL, firstLine(e.getMessage()));
        } catch (RuntimeException | IOException e) {
            return new Result(ex, Outcome.FAIL, "internal error " + e);
        } finally {
            deleteQuietly(work);
        }
    }

    private static Result compare(SpecExample ex, Map<String, Value> outputs, JsonNode expected, Set<String> excluded) {
        if (expected == null) {
            return new Result(ex, Outcome.SKIP, "no expected output");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String shortName = key.substring(key.indexOf('.') + 1);
            if (excluded.contains(shortName) || excluded.contains(key)) {
                continue;
            }
            Value actual = outputs.get(key);
            if (actual == null) {
                problems.add(key + " missing (outputs: " + outputs.keySet() + ")");
                continue;
            }
            JsonNode got = ValueJson.toJson(actual);
            if (!jsonEquals(got, e.getValue())) {
                problems.add(key + ": expected " + e.getValue() + ", got " + got);
            }
        }
        return problems.isEmpty() ? new Result(ex, Outcome.PASS, null)
                : new Result(ex, Outcome.FAIL, String.join("; ", problems));
    }

    /** JSON equality with numbers compared by value (27 == 27.0). */
    static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Math.abs(a.doubleValue() - b.doubleValue()) <= 1e-9 * Math.max(1, Math.abs(b.doubleValue()));
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!jsonEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!a.has(k) || !jsonEquals(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isTextual() && b.isTextual() && a.asText().startsWith("/") && !b.asText().startsWith("/")) {
            // a task's output file: the spec names it relative to the task's directory
            return a.asText().endsWith("/" + b.asText());
        }
        return a.equals(b);
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            // Some spec examples forget the commas between entries; try once with them put back.
            String repaired = json.replaceAll("(\"|\\d|true|false|null|\\]|\\})[ \\t]*\n(\\s*\")", "$1,\n$2");
            try {
                return JSON.readTree(repaired);
            } catch (IOException again) {
                throw new IllegalArgumentException("bad JSON in the spec: " + firstLine(e.getMessage()), e);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; nothing to do
        }
    }
}
