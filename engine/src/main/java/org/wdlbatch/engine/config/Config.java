package org.wdlbatch.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wdlbatch.wdl.json.JsonText;

/**
 * The effective configuration: {@code config/default.cfg} (built into the jar), then
 * {@code ~/.config/wdlbatch.cfg}, then {@code --cfg FILE}, then environment variables
 * {@code WDLBATCH__SECTION__KEY=value}, later ones winning.
 *
 * <p>Only keys that default.cfg documents are accepted from files and the environment; a misspelt key is an
 * error naming its origin and the nearest known key, so a typo never silently does nothing. miniwdl's and
 * miniwdl-aws's keys ({@link MiniwdlSettings}) are accepted too, from files and from {@code MINIWDL__SECTION__KEY}
 * variables (which {@code WDLBATCH__} variables override): each is translated to ours ({@link #translated()}), or,
 * when it has no equivalent, listed in {@link #withoutEffect()} for one warning.
 */
public final class Config {

    public static final String DEFAULT_RESOURCE = "/wdlbatch/default.cfg";
    public static final String ENV_PREFIX = "WDLBATCH__";
    /** section -> key -> entry. */
    private final Map<String, Map<String, ConfigEntry>> entries;

    private final List<String> translated;
    private final List<String> withoutEffect;

    private Config(Map<String, Map<String, ConfigEntry>> entries, List<String> translated, List<String> withoutEffect) {
        this.entries = entries;
        this.translated = translated;
        this.withoutEffect = withoutEffect;
    }

    /** The built-in defaults only. */
    public static Config defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds the configuration in the override order of the design; each step is optional. */
    public static final class Builder {
        private final Map<String, Map<String, ConfigEntry>> entries = new LinkedHashMap<>();
        private final List<String> translated = new ArrayList<>();
        private final List<String> withoutEffect = new ArrayList<>();

        private Builder() {
            try (InputStream in = Config.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("built-in " + DEFAULT_RESOURCE + " is missing from the jar");
                }
                for (ConfigEntry e : IniParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "default.cfg")) {
                    entries.computeIfAbsent(e.section(), s -> new LinkedHashMap<>()).put(e.key(), e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Layers a cfg file; {@code required=false} skips a file that does not exist (the user's own). */
        public Builder file(Path path, boolean required) {
            if (!Files.exists(path)) {
                if (required) {
                    throw new ConfigException("configuration file " + path + " does not exist (check --cfg)");
                }
                return this;
            }
            String text;
            try {
                text = Files.readString(path);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
            }
            IniParser.parse(text, path.toString()).forEach(this::put);
            return this;
        }

        /** Layers {@code ~/.config/wdlbatch.cfg} when it exists. */
        public Builder userFile() {
            return file(Path.of(System.getProperty("user.home"), ".config", "wdlbatch.cfg"), false);
        }

        /**
         * Layers {@code MINIWDL__SECTION__KEY} and then {@code WDLBATCH__SECTION__KEY} variables from {@code env}
         * (ours win over miniwdl's).
         */
        public Builder environment(Map<String, String> env) {
            for (String prefix : List.of(MiniwdlSettings.ENV_PREFIX, ENV_PREFIX)) {
                for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
                    String name = e.getKey();
                    if (!name.startsWith(prefix)) {
                        continue;
                    }
                    String rest = name.substring(prefix.length());
                    int sep = rest.indexOf("__");
                    if (sep <= 0 || sep + 2 >= rest.length()) {
                        throw new ConfigException("environment variable " + name + " is not of the form " + prefix
                                + "SECTION__KEY");
                    }
                    put(new ConfigEntry(rest.substring(0, sep).toLowerCase(Locale.ROOT),
                            rest.substring(sep + 2).toLowerCase(Locale.ROOT), e.getValue(), "env " + name));
                }
            }
            return this;
        }

        /** Sets one value from a command-line flag. */
        public Builder set(String section, String key, String value, String origin) {
            put(new ConfigEntry(section, key, value, origin));
            return this;
        }

        /**
         * Merges the JSON object {@code json} over the current value of an object-valued key, member by member (a
         * flag that adds to a setting rather than replacing it).
         */
        public Builder mergeObject(String section, String key, String json, String origin) {
            JsonNode add;
            try {
                add = JsonText.read(json);
            } catch (JsonProcessingException e) {
                throw new ConfigException(origin + ": not JSON: " + e.getOriginalMessage());
            }
            if (add == null || !add.isObject()) {
                throw new ConfigException(origin + ": expected a JSON object such as {\"maxRetries\": 2}");
            }
            ConfigEntry current = entries.get(section).get(key);
            JsonNode base;
            try {
                base = current.value().isBlank() ? JsonNodeFactory.instance.objectNode()
                        : JsonText.read(current.value());
            } catch (JsonProcessingException e) {
                throw new ConfigException(current.origin() + ": [" + section + "] " + key + " must be JSON: "
                        + e.getOriginalMessage());
            }
            com.fasterxml.jackson.databind.node.ObjectNode merged = base.isObject()
                    ? ((com.fasterxml.jackson.databind.node.ObjectNode) base).deepCopy()
                    : JsonNodeFactory.instance.objectNode();
            merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) add);
            return set(section, key, JsonText.write(merged), origin);
        }

        private void put(ConfigEntry e) {
            Map<String, ConfigEntry> known = entries.get(e.section());
            if ((known == null || !known.containsKey(e.key())) && putMiniwdl(e)) {
                return;
            }
            if (known == null) {
                throw new ConfigException(e.origin() + ": unknown section [" + e.section() + "]; known sections: "
                        + String.join(", ", entries.keySet()));
            }
            if (!known.containsKey(e.key())) {
                throw new ConfigException(e.origin() + ": unknown key '" + e.key() + "' in [" + e.section() + "]"
                        + Suggestions.didYouMean(e.key(), known.keySet()));
            }
            known.put(e.key(), e);
        }

        /** A key of miniwdl's that is not ours: translated, or noted as without effect; false when miniwdl has no such key. */
        private boolean putMiniwdl(ConfigEntry e) {
            MiniwdlSettings.Meaning meaning = MiniwdlSettings.meaning(e.section(), e.key(), e.value()).orElse(null);
            String what = e.origin() + ": [" + e.section() + "] " + e.key();
            if (meaning instanceof MiniwdlSettings.Mapped m) {
                if (m.value() != null) {
                    put(new ConfigEntry(m.section(), m.key(), m.value(), what + " (miniwdl)"));
                }
                translated.add(what + " -> " + (m.value() == null ? "nothing to set"
                        : "[" + m.section() + "] " + m.key() + " = " + m.value()));
                return true;
            }
            if (meaning instanceof MiniwdlSettings.NoEffect n) {
                withoutEffect.add(what + " (" + n.why() + ")");
                return true;
            }
            return false;
        }

        public Config build() {
            Map<String, Map<String, ConfigEntry>> copy = new LinkedHashMap<>();
            entries.forEach((s, m) -> copy.put(s, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
            return new Config(Collections.unmodifiableMap(copy), List.copyOf(translated), List.copyOf(withoutEffect));
        }
    }

    public ConfigEntry entry(String section, String key) {
        Map<String, ConfigEntry> s = entries.get(section);
        ConfigEntry e = s == null ? null : s.get(key);
        if (e == null) {
            // A programming error: every key the code reads must be documented in default.cfg.
            throw new IllegalArgumentException("[" + section + "] " + key + " is not in default.cfg");
        }
        return e;
    }

    public String string(String section, String key) {
        return entry(section, key).value();
    }

    /** The value, or null when it is empty. */
    public String optionalString(String section, String key) {
        String v = string(section, key);
        return v.isEmpty() ? null : v;
    }

    public int integer(String section, String key) {
        ConfigEntry e = entry(section, key);
        try {
            return Integer.parseInt(e.value().strip());
        } catch (NumberFormatException ex) {
            throw invalid(e, "a whole number");
        }
    }

    public long longValue(String section, String key) {
        ConfigEntry e = entry(section, key);
        try {
            return Long.parseLong(e.value().strip());
        } catch (NumberFormatException ex) {
            throw invalid(e, "a whole number");
        }
    }

    public double decimal(String section, String key) {
        ConfigEntry e = entry(section, key);
        try {
            return Double.parseDouble(e.value().strip());
        } catch (NumberFormatException ex) {
            throw invalid(e, "a number");
        }
    }

    public boolean bool(String section, String key) {
        ConfigEntry e = entry(section, key);
        switch (e.value().strip().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw invalid(e, "true or false");
        }
    }

    /** A JSON value (object, array, ...); empty text is JSON null. */
    public JsonNode json(String section, String key) {
        ConfigEntry e = entry(section, key);
        if (e.value().isBlank()) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return JsonText.read(e.value());
        } catch (JsonProcessingException ex) {
            throw new ConfigException(e.origin() + ": [" + section + "] " + key + " must be JSON: "
                    + ex.getOriginalMessage());
        }
    }

    /** A JSON array of strings, e.g. {@code ["a", "b"]}. */
    public List<String> stringList(String section, String key) {
        JsonNode n = json(section, key);
        List<String> out = new ArrayList<>();
        if (n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw invalid(entry(section, key), "a JSON array such as [\"a\", \"b\"]");
        }
        n.forEach(item -> out.add(item.asText()));
        return out;
    }

    /** miniwdl settings that were translated to ours, one line each ({@code origin: [s] k -> [s] k = v}). */
    public List<String> translated() {
        return translated;
    }

    /** miniwdl settings that have no effect here, one line each with the reason; the run warns once about all of them. */
    public List<String> withoutEffect() {
        return withoutEffect;
    }

    /** All sections and keys with their effective values (for {@code --verbose} logs and tests). */
    public Map<String, Map<String, ConfigEntry>> all() {
        return entries;
    }

    private static ConfigException invalid(ConfigEntry e, String expected) {
        return new ConfigException(e.origin() + ": [" + e.section() + "] " + e.key() + " = '" + e.value()
                + "' is not valid; expected " + expected);
    }
}
