package org.wdlbatch.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads our INI dialect: {@code [section]} headers, {@code key = value} lines, {@code #} and {@code ;} comment
 * lines, and values continued on following indented lines (for JSON objects and arrays spanning lines).
 * Section and key names are case-insensitive and stored in lower case.
 */
final class IniParser {

    private IniParser() {}

    static List<ConfigEntry> parse(String text, String origin) {
        List<ConfigEntry> entries = new ArrayList<>();
        String section = null;
        String key = null;
        StringBuilder value = null;
        int keyLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            boolean continuation = !line.isEmpty() && Character.isWhitespace(line.charAt(0)) && key != null
                    && !trimmed.isEmpty() && !trimmed.startsWith("#") && !trimmed.startsWith(";");
            if (continuation) {
                value.append('\n').append(trimmed);
                continue;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (key != null) {
                entries.add(new ConfigEntry(section, key, value.toString().strip(), origin + ":" + keyLine));
                key = null;
            }
            if (trimmed.startsWith("[")) {
                if (!trimmed.endsWith("]") || trimmed.length() < 3) {
                    throw new ConfigException(origin + ":" + (i + 1) + ": malformed section header '" + trimmed
                            + "'; write it as [section]");
                }
                section = trimmed.substring(1, trimmed.length() - 1).strip().toLowerCase(Locale.ROOT);
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(origin + ":" + (i + 1) + ": expected 'key = value', found '" + trimmed
                        + "'");
            }
            if (section == null) {
                throw new ConfigException(origin + ":" + (i + 1) + ": setting '" + trimmed.substring(0, eq).strip()
                        + "' comes before any [section] header");
            }
            key = trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            value = new StringBuilder(trimmed.substring(eq + 1).strip());
            keyLine = i + 1;
        }
        if (key != null) {
            entries.add(new ConfigEntry(section, key, value.toString().strip(), origin + ":" + keyLine));
        }
        return entries;
    }
}
