package org.wdlbatch.submit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.wdlbatch.wdl.check.Suggest;

/**
 * The configuration keys documented in {@code config/default.cfg} (built into the jar). The orchestrator rejects
 * undocumented keys, so a misspelt {@code WDLBATCH__SECTION__KEY} variable would only fail inside the workflow job,
 * minutes later; the submitter checks the variables it passes through against the same list, up front.
 */
final class ConfigKeys {

    static final String ENV_PREFIX = "WDLBATCH__";
    private final TreeSet<String> keys = new TreeSet<>();

    private ConfigKeys() {}

    static ConfigKeys load() {
        ConfigKeys c = new ConfigKeys();
        try (InputStream in = ConfigKeys.class.getResourceAsStream("/wdlbatch/default.cfg")) {
            if (in == null) {
                return c; // an incomplete build: skip the check rather than refuse every variable
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String section = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.startsWith("#")
                        || line.startsWith(";")) {
                    continue;
                }
                String t = line.trim();
                if (t.startsWith("[") && t.endsWith("]")) {
                    section = t.substring(1, t.length() - 1).trim().toLowerCase(Locale.ROOT);
                } else if (section != null && t.contains("=")) {
                    c.keys.add(section + "." + t.substring(0, t.indexOf('=')).trim().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in default.cfg", e);
        }
        return c;
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** {@code WDLBATCH__AWS__TASK_QUEUE} as {@code aws.task_queue}; null when the name has no section and key. */
    static String keyOf(String variable) {
        if (!variable.startsWith(ENV_PREFIX)) {
            return null;
        }
        String rest = variable.substring(ENV_PREFIX.length());
        int sep = rest.indexOf("__");
        if (sep <= 0 || sep + 2 >= rest.length()) {
            return null;
        }
        return (rest.substring(0, sep) + "." + rest.substring(sep + 2)).toLowerCase(Locale.ROOT);
    }

    static String variableOf(String key) {
        return ENV_PREFIX + key.replace(".", "__").toUpperCase(Locale.ROOT);
    }

    /** Fails on the first {@code WDLBATCH__*} variable that names no documented key, suggesting the nearest. */
    void check(Map<String, String> env) throws UsageException {
        if (keys.isEmpty()) {
            return;
        }
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(ENV_PREFIX)) {
                continue;
            }
            String key = keyOf(name);
            if (key == null) {
                throw new UsageException("environment variable " + name + " is not of the form WDLBATCH__SECTION__KEY"
                        + " (unset it, or pass --no-env)");
            }
            if (!keys.contains(key)) {
                List<String> near = Suggest.nearest(key, keys);
                throw new UsageException("environment variable " + name + " names no configuration key"
                        + (near.isEmpty() ? "" : ": did you mean " + variableOf(near.get(0)) + "?")
                        + " (config/default.cfg documents every key)");
            }
        }
    }
}
