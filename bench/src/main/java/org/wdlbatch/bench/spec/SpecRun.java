package org.wdlbatch.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.inputs.InputException;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.json.JsonText;

/**
 * Runs every example of WDL specification documents through the engine, exactly as {@code wdlbatch run} does
 * (tasks run with bash on this machine), and compares the outputs with the spec's "Example output". Prints
 * PASS/FAIL/XFAIL/SKIP per example and {@code N passed, M failed, K known spec errata, L skipped} per file: XFAIL
 * is a failing example listed in {@link SpecErrata} (the spec's own example is wrong; the reason is printed), SKIP
 * one that needs what this machine cannot give (a GPU, a mounted volume). Not a test: the spec files are not in
 * the repository ({@code bench/spec-run.sh SPEC.md [DATA_DIR]}).
 *
 * <p>All examples of a document are written side by side, so examples importing others resolve. The test config
 * conventions are honoured: {@code target} (run a task), {@code fail} or a name ending in {@code _fail} (must
 * fail), {@code exclude_output}, {@code return_code} (skipped). File outputs are compared by file name, since the
 * spec gives relative names and the engine absolute paths.
 */
public final class SpecRun {

    private SpecRun() {}

    /** Examples that need a resource the local backend does not provide, by name, with the reason. */
    private static final Map<String, String> NEEDS_HOST = Map.of(
            "one_mount_point_task", "needs a volume mounted at /mnt/outputs (runtime disks with a mount point);"
                    + " the local backend runs tasks on the host and mounts nothing");

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SpecRun SPEC.md [DATA_DIR]");
            System.exit(2);
        }
        Path spec = Path.of(args[0]);
        Path data = args.length > 1 ? Path.of(args[1]) : null;
        List<SpecExample> examples = SpecExampleExtractor.extract(Files.readString(spec));
        Path dir = Files.createTempDirectory("spec-run");
        for (SpecExample ex : examples) {
            Files.writeString(dir.resolve(ex.name() + ".wdl"), ex.wdl());
        }
        if (data != null) {
            try (var files = Files.list(data)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        int pass = 0;
        int fail = 0;
        int xfail = 0;
        int skip = 0;
        Config config = Config.builder().environment(Map.of("WDLBATCH__CALL_CACHE__GET", "false",
                "WDLBATCH__CALL_CACHE__PUT", "false")).build();
        for (SpecExample ex : examples) {
            String verdict = run(ex, dir, config);
            String erratum = SpecErrata.KNOWN.get(ex.name());
            if (verdict.startsWith("FAIL") && erratum != null) {
                verdict = "XFAIL spec erratum: " + erratum + " [" + verdict.substring(4).strip() + "]";
            }
            System.out.println(verdict.split(" ", 2)[0] + " " + ex.name() + " (line " + ex.line() + ")"
                    + (verdict.contains(" ") ? ": " + verdict.split(" ", 2)[1] : ""));
            if (verdict.startsWith("PASS")) {
                pass++;
            } else if (verdict.startsWith("FAIL")) {
                fail++;
            } else if (verdict.startsWith("XFAIL")) {
                xfail++;
            } else {
                skip++;
            }
        }
        System.out.println(spec.getFileName() + ": " + pass + " passed, " + fail + " failed, " + xfail
                + " known spec errata, " + skip + " skipped");
    }

    private static String run(SpecExample ex, Path dir, Config config) {
        try {
            JsonNode cfg = ex.config() == null ? null : JsonText.read(ex.config());
            if (ex.output() == null) {
                return "SKIP no expected output";
            }
            if (cfg != null && cfg.toString().contains("\"gpu\"") && cfg.has("dependencies")) {
                return "SKIP needs a GPU (test config dependencies: gpu); this machine has none";
            }
            if (NEEDS_HOST.containsKey(ex.name())) {
                return "SKIP " + NEEDS_HOST.get(ex.name());
            }
            boolean expectFail = cfg != null && cfg.path("fail").asBoolean(false) || ex.name().endsWith("_fail")
                    || ex.name().endsWith("_fail_task");
            String target = cfg != null && cfg.has("target") ? cfg.get("target").asText() : null;
            Set<String> excluded = new HashSet<>();
            if (cfg != null && cfg.has("exclude_output")) {
                cfg.get("exclude_output").forEach(n -> excluded.add(n.asText()));
                if (cfg.get("exclude_output").isTextual()) {
                    excluded.add(cfg.get("exclude_output").asText());
                }
            }
            Path inputs = null;
            if (ex.input() != null && !ex.input().isBlank()) {
                inputs = dir.resolve(ex.name() + ".inputs.json");
                Files.writeString(inputs, ex.input());
            }
            Runner.Outcome o;
            try {
                o = new Runner().run(new Runner.Request(dir.resolve(ex.name() + ".wdl").toString(), List.of(),
                        inputs, target, dir.resolve("runs"), dir, config, null, false, List.of()));
            } catch (WdlException | InputException e) {
                return expectFail ? "PASS failed as expected: " + firstLine(e.getMessage())
                        : "FAIL " + firstLine(e.getMessage());
            }
            String rcProblem = cfg != null && cfg.has("return_code") ? returnCode(o, cfg.get("return_code")) : null;
            if (rcProblem != null) {
                return "FAIL " + rcProblem;
            }
            if (!o.succeeded()) {
                return expectFail ? "PASS failed as expected: " + firstLine(o.failure().message())
                        : "FAIL " + firstLine(o.failure().message());
            }
            if (expectFail) {
                return "FAIL expected a failure, got outputs";
            }
            ObjectNode actual = JsonNodeFactory.instance.objectNode();
            o.outputs().forEach((k, v) -> actual.set(k, ValueJson.toJson(v)));
            JsonNode expected = JsonText.read(ex.output());
            List<String> diffs = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String bare = key.contains(".") ? key.substring(key.indexOf('.') + 1) : key;
                if (excluded.contains(key) || excluded.contains(bare)) {
                    continue;
                }
                JsonNode got = actual.get(key);
                if (got == null) {
                    diffs.add(key + " missing");
                } else if (!same(e.getValue(), got)) {
                    diffs.add(key + ": expected " + e.getValue() + ", got " + got);
                }
            }
            return diffs.isEmpty() ? "PASS" : "FAIL " + String.join("; ", diffs);
        } catch (Exception e) {
            return "FAIL " + e;
        }
    }

    /**
     * The test config's {@code return_code}: the exit status the task's command must have ended with (whether the
     * run then succeeds is up to {@code returnCodes}); null when the run's {@code rc} file holds it.
     */
    private static String returnCode(Runner.Outcome o, JsonNode want) throws java.io.IOException {
        try (var files = Files.walk(o.runDir().path())) {
            List<Path> rcs = files.filter(f -> f.getFileName().toString().equals("rc")).toList();
            if (rcs.size() != 1) {
                return "expected one task exit status (rc file), found " + rcs.size();
            }
            String got = Files.readString(rcs.get(0)).strip();
            return got.equals(want.asText()) ? null : "expected exit status " + want.asText() + ", got " + got;
        }
    }

    /**
     * JSON equality, with numbers compared by value and file paths by file name. An expected number or boolean
     * equals a String output with its text ("2" for 2, "true" for true): the example declares a String output and
     * writes the expected value untyped, and read as the declared type (as Cromwell's and miniwdl's test harnesses
     * read expected outputs) they are the same (docs/compatibility.md).
     */
    private static boolean same(JsonNode want, JsonNode got) {
        if (want.isNumber() && got.isNumber()) {
            return Math.abs(want.asDouble() - got.asDouble()) < 1e-9;
        }
        if ((want.isNumber() || want.isBoolean()) && got.isTextual()) {
            return want.asText().equals(got.asText());
        }
        if (want.isTextual() && got.isTextual()) {
            String w = want.asText();
            String g = got.asText();
            return w.equals(g) || g.startsWith("/") && Path.of(g).getFileName().toString()
                    .equals(Path.of(w).getFileName().toString());
        }
        if (want.isArray() && got.isArray()) {
            if (want.size() != got.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!same(want.get(i), got.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isObject() && got.isObject()) {
            if (want.size() != got.size()) {
                return false;
            }
            for (Iterator<String> it = want.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!got.has(k) || !same(want.get(k), got.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return want.equals(got);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
