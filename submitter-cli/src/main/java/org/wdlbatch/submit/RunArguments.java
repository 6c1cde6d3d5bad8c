package org.wdlbatch.submit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.wdl.check.Suggest;
import org.wdlbatch.wdl.json.JsonText;

/**
 * The arguments that go to {@code wdlbatch run} in the workflow job: the WDL (found among them), inputs and run
 * options. Checked here so a typo fails now, with exit 2, instead of minutes later in the workflow job; a local
 * inputs JSON is inlined as {@code key=value} arguments because the workflow job cannot read this machine's files.
 */
final class RunArguments {

    /** Options of {@code wdlbatch run} that take a value (SubmitValidation skips them too). */
    static final Set<String> WITH_VALUE = Set.of("-i", "--input", "--task", "--cfg", "--env", "-p", "--path",
            "--runtime-cpu-max", "--runtime-memory-max", "--copy-input-files-for");
    /** Options of {@code wdlbatch run} without a value. */
    private static final Set<String> FLAGS = Set.of("--no-cache", "--copy-input-files", "--error-json", "--verbose");
    /** Options of {@code wdlbatch run} that the submitter sets itself. */
    private static final Set<String> RESERVED = Set.of("-d", "--dir", "--backend", "--s3upload", "--delete-after");

    /**
     * The WDL as typed, every other argument in order, and the {@code -p/--path} folders (used here to load and
     * bundle the WDL; not passed on: the bundle records where such imports were found).
     */
    record Parsed(String wdl, List<String> rest, List<Path> importPath) {

        Parsed(String wdl, List<String> rest) {
            this(wdl, rest, List.of());
        }
    }

    private RunArguments() {}

    /**
     * Finds the WDL (the first argument that is neither an option nor an option's value) and checks the options.
     * {@code known} are the submitter's own option names, for suggestions.
     */
    static Parsed parse(List<String> args, String mount, List<String> known) throws UsageException {
        return parse(args, mount, known, System.getenv());
    }

    /** @param env the caller's environment, where {@code --env KEY} takes its value */
    static Parsed parse(List<String> args, String mount, List<String> known, Map<String, String> env)
            throws UsageException {
        String wdl = null;
        List<String> rest = new ArrayList<>();
        List<Path> importPath = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-") && a.length() > 1) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
                if (RESERVED.contains(name)) {
                    throw new UsageException(name + " is set by submit_awsbatch itself"
                            + (name.equals("-d") ? "; use --dir" : ""));
                }
                if (name.equals("--as-me")) {
                    throw new UsageException(org.wdlbatch.engine.task.TaskOptionFlags.AS_ME_ON_BATCH);
                }
                if (FLAGS.contains(name) && value == null) {
                    rest.add(a);
                    continue;
                }
                if (!WITH_VALUE.contains(name)) {
                    throw new UsageException("unknown option " + name + suggestion(name, known)
                            + " (see submit_awsbatch --help; `wdlbatch run` options -i, --task, --cfg, --no-cache,"
                            + " --copy-input-files, --error-json, --verbose, --env, --runtime-cpu-max,"
                            + " --runtime-memory-max and --copy-input-files-for pass through; -p/--path finds imports)");
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (name.equals("-p") || name.equals("--path")) {
                    importPath.add(Path.of(value).toAbsolutePath().normalize());
                } else if (name.equals("-i") || name.equals("--input")) {
                    rest.addAll(inputs(value, mount));
                } else if (name.equals("--env")) {
                    rest.addAll(env(value, env));
                } else if (name.equals("--cfg")) {
                    if (!isRemote(value, mount)) {
                        throw new UsageException("--cfg " + value + ": the workflow job cannot read a file on this"
                                + " machine; put it under " + mount + ", or set its keys as WDLBATCH__SECTION__KEY"
                                + " variables, which are passed to the workflow job");
                    }
                    rest.add(name);
                    rest.add(value);
                } else {
                    rest.add(name);
                    rest.add(value);
                }
            } else if (wdl == null) {
                wdl = a;
            } else {
                rest.add(a);
            }
        }
        return new Parsed(wdl, rest, importPath);
    }

    /**
     * {@code --env KEY[=VALUE]} for the workflow job: {@code KEY} alone means this machine's value (the workflow
     * job's environment is not the caller's), so it is resolved here, and left out when unset here (as miniwdl
     * does). Names are checked now: AWS Batch reserves {@code AWS_BATCH*}.
     */
    private static List<String> env(String item, Map<String, String> callerEnv) throws UsageException {
        com.fasterxml.jackson.databind.node.ObjectNode o;
        try {
            o = org.wdlbatch.engine.task.TaskOptionFlags.envObject(List.of(item), callerEnv);
        } catch (org.wdlbatch.engine.config.ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> out = new ArrayList<>();
        o.fields().forEachRemaining(e -> {
            out.add("--env");
            out.add(e.getKey() + "=" + e.getValue().asText());
        });
        return out;
    }

    /** A URL, or a path under the mount: something the workflow job reads itself. */
    static boolean isRemote(String path, String mount) {
        if (path.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return true;
        }
        if (!path.startsWith("/")) {
            return false;
        }
        Path p = Path.of(path).normalize();
        return p.startsWith(Path.of(mount));
    }

    /**
     * {@code -i FILE}: passed on when the workflow job can read it; a local file becomes one {@code key=value} per
     * input (strings as they are, other values as JSON, which {@code wdlbatch run} reads by the input's type).
     */
    private static List<String> inputs(String file, String mount) throws UsageException {
        if (isRemote(file, mount)) {
            return List.of("-i", file);
        }
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new UsageException("-i " + file + ": no such file (a local inputs JSON is sent along; one the"
                    + " workflow job reads itself must be a URL or a path under " + mount + ")");
        }
        JsonNode root;
        try {
            root = JsonText.read(p);
        } catch (IOException e) {
            throw new UsageException("-i " + file + ": not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UsageException("-i " + file + ": the inputs JSON must be an object {\"wf.x\": value, ...}");
        }
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.add(e.getKey() + "=" + (v.isTextual() ? v.textValue() : JsonText.write(v)));
        }
        return out;
    }

    private static String suggestion(String name, List<String> known) {
        List<String> all = new ArrayList<>(known);
        all.addAll(WITH_VALUE);
        all.addAll(FLAGS);
        List<String> near = Suggest.nearest(name, all);
        return near.isEmpty() ? "" : "; did you mean " + near.get(0) + "?";
    }
}
