package org.wdlbatch.engine.inputs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.wdlbatch.engine.config.Suggestions;
import org.wdlbatch.engine.download.DownloadCache;
import org.wdlbatch.engine.task.FileValues;
import org.wdlbatch.wdl.check.CheckedCall;
import org.wdlbatch.wdl.check.InputParam;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.CoercionException;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.values.ValueText;
import org.wdlbatch.wdl.json.JsonText;

/**
 * Turns what the user gave ({@code key=value} arguments and an optional {@code inputs.json}) into typed input
 * values for a workflow or a task, and rejects anything wrong before a single task runs: unknown keys (with the
 * nearest valid names), values of the wrong type (expected and actual), missing required inputs, local input
 * files that do not exist, malformed JSON.
 *
 * <p>Keys may be bare ({@code x}), prefixed with the workflow or task name ({@code wf.x}), or name an input of a
 * call that the workflow leaves open ({@code wf.call.x} / {@code call.x}). Relative file paths are taken relative
 * to the current directory and made absolute, since tasks run elsewhere.
 */
public final class RunInputs {

    private final String name;
    private final Map<String, InputParam> params;
    private final Map<String, Type> callInputTypes;
    /** Required inputs of calls that the workflow leaves open: the user must give them as {@code call.input}. */
    private final Map<String, InputParam> callInputParams;
    private final Map<String, Type> requiredCallInputs = new LinkedHashMap<>();
    private final Path cwd;
    private final LocalFiles files;

    /**
     * What a local (not downloadable) input file path must satisfy, and the path the run uses for it: for
     * {@code wdlbatch run} it must exist here (relative to the current directory) and becomes absolute; for
     * {@code submit_awsbatch} it must also be where the workflow job can see it.
     */
    @FunctionalInterface
    public interface LocalFiles {
        /**
         * @param input the input's full name ({@code wf.x}), for messages
         * @throws InputException naming the input and the fix
         */
        String check(String input, String path);
    }

    /**
     * @param name the workflow's (or task's) name, accepted as key prefix
     * @param params its inputs
     * @param calls its calls (empty for a task), whose open inputs may be set as {@code call.input}
     * @param cwd the directory relative input paths are relative to
     */
    public RunInputs(String name, Map<String, InputParam> params, List<CheckedCall> calls, Path cwd) {
        this(name, params, calls, cwd, null);
    }

    /** @param files the check of local input files; null: they must exist relative to {@code cwd} */
    public RunInputs(String name, Map<String, InputParam> params, List<CheckedCall> calls, Path cwd,
            LocalFiles files) {
        this.name = name;
        this.params = params;
        this.callInputTypes = new LinkedHashMap<>();
        this.callInputParams = new LinkedHashMap<>();
        for (CheckedCall c : calls) {
            c.target().inputs().forEach((k, p) -> {
                boolean setByCall = c.call().inputs().stream().anyMatch(in -> in.name().equals(k));
                if (!setByCall) {
                    callInputTypes.put(c.name() + "." + k, p.type());
                    callInputParams.put(c.name() + "." + k, p);
                    if (p.required()) {
                        requiredCallInputs.put(c.name() + "." + k, p.type());
                    }
                }
            });
        }
        this.cwd = cwd;
        this.files = files != null ? files : this::existsHere;
    }

    /**
     * @param jsonFile an inputs.json, or null
     * @param keyValues {@code key=value} arguments in order (a repeated key makes an array)
     * @return input values by bare name ({@code x} or {@code call.x}), coerced to their declared types
     */
    public Map<String, Value> parse(Path jsonFile, List<String> keyValues) {
        return parse(jsonFile, keyValues, List.of(), List.of());
    }

    /**
     * As {@link #parse(Path, List)}, then miniwdl's {@code --none KEY} (an optional input set to None, overriding its
     * default) and {@code --empty KEY} (a String input set to "", an Array input to []), which win over both.
     */
    public Map<String, Value> parse(Path jsonFile, List<String> keyValues, List<String> none, List<String> empty) {
        Map<String, Value> values = new LinkedHashMap<>();
        if (jsonFile != null) {
            readJson(jsonFile).fields().forEachRemaining(e -> {
                String k = key(e.getKey(), jsonFile.toString());
                if (e.getValue().isNull() && hasDefault(k) && !typeOf(k).optional()) {
                    return; // null for `String s = "x"` selects the default (miniwdl, docs/compatibility.md)
                }
                values.put(k, checked(k, () -> ValueJson.fromJson(e.getValue(), typeOf(k), name + "." + k)));
            });
        }
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new InputException("input '" + kv + "' is not of the form key=value");
            }
            repeated.computeIfAbsent(key(kv.substring(0, eq), "the command line"), k -> new ArrayList<>())
                    .add(kv.substring(eq + 1));
        }
        // command-line values win over the JSON file's
        repeated.forEach((k, texts) ->
                values.put(k, checked(k, () -> ValueText.parseAll(texts, typeOf(k), name + "." + k))));
        for (String raw : none) {
            String k = key(raw, "--none");
            if (!typeOf(k).optional()) {
                throw new InputException("--none " + raw + ": " + name + "." + k + " is a " + typeOf(k)
                        + ", which cannot be None (only optional inputs, Type?, can)");
            }
            values.put(k, Value.NONE);
        }
        for (String raw : empty) {
            String k = key(raw, "--empty");
            Type t = typeOf(k).asRequired();
            if (t instanceof Type.ArrayType a && !a.nonEmpty()) {
                values.put(k, ArrayValue.of(a.item(), List.of()));
            } else if (t instanceof Type.StringType) {
                values.put(k, new StringValue(""));
            } else {
                throw new InputException("--empty " + raw + ": " + name + "." + k + " is a " + typeOf(k)
                        + "; only String inputs and Array inputs that may be empty can be set empty");
            }
        }
        List<String> missing = new ArrayList<>();
        params.forEach((k, p) -> {
            if (p.required() && !values.containsKey(k)) {
                missing.add(k + " (" + p.type() + ")");
            }
        });
        requiredCallInputs.forEach((k, t) -> {
            if (!values.containsKey(k)) {
                missing.add(k + " (" + t + ", an input the workflow leaves open)");
            }
        });
        if (!missing.isEmpty()) {
            throw new InputException("missing required input" + (missing.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", missing.stream().map(m -> name + "." + m).toList())
                    + "; give " + (missing.size() > 1 ? "them" : "it") + " as key=value or in an inputs JSON file");
        }
        return values;
    }

    /** Strips the workflow-name prefix and checks that the key is a known input. */
    private String key(String raw, String where) {
        String k = raw.startsWith(name + ".") ? raw.substring(name.length() + 1) : raw;
        if (params.containsKey(k) || callInputTypes.containsKey(k)) {
            return k;
        }
        TreeSet<String> known = new TreeSet<>(params.keySet());
        known.addAll(callInputTypes.keySet());
        String hint = Suggestions.didYouMean(k, known);
        throw new InputException("unknown input '" + raw + "' (from " + where + ")"
                + (hint.isEmpty() ? "; " + name + " takes: " + String.join(", ", known) : hint));
    }

    private boolean hasDefault(String key) {
        InputParam p = params.containsKey(key) ? params.get(key) : callInputParams.get(key);
        return p != null && p.declaration() != null && p.hasDefault();
    }

    private Type typeOf(String key) {
        InputParam p = params.get(key);
        return p != null ? p.type() : callInputTypes.get(key);
    }

    /** Parses with {@code parser}; type errors become input errors, then local file paths are checked. */
    private Value checked(String key, java.util.function.Supplier<Value> parser) {
        Value v;
        try {
            v = parser.get();
        } catch (CoercionException e) {
            throw new InputException("input " + e.getMessage());
        }
        return FileValues.rewrite(v, path -> {
            if (DownloadCache.isDownloadable(path)) {
                return path;
            }
            return files.check(name + "." + key, path);
        });
    }

    private String existsHere(String input, String path) {
        Path p = cwd.resolve(path).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new InputException("input " + input + ": file " + path + " does not exist"
                    + (Path.of(path).isAbsolute() ? "" : " (relative paths are relative to " + cwd + ")"));
        }
        return p.toString();
    }

    private static JsonNode readJson(Path file) {
        JsonNode node;
        try {
            node = JsonText.read(Files.readString(file));
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InputException(file + (loc != null ? ":" + loc.getLineNr() + ":" + loc.getColumnNr() : "")
                    + ": malformed inputs JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException("cannot read inputs file " + file + ": " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InputException(file + ": an inputs JSON file must hold one object, {\"wf.x\": value, ...}");
        }
        return node;
    }
}
