package org.wdlbatch.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.FloatValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.NullValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.json.JsonText;

/**
 * A task's evaluated runtime / requirements / hints, merged over {@code [task_runtime] defaults}: the keys every
 * backend understands, in usable units, plus every other key kept for backends that know it.
 *
 * @param returnCodes exit statuses that count as success; null means any ({@code "*"}); from {@code returnCodes}, else
 *     Cromwell's {@code continueOnReturnCode} ({@code true} = any, {@code false} = 0, an Int or a list of them)
 * @param failOnStderr Cromwell's {@code failOnStderr}: a successful exit that wrote to stderr fails the call
 */
public record TaskSettings(
        String container,
        double cpu,
        long memoryBytes,
        boolean gpu,
        int maxRetries,
        int preemptible,
        Set<Integer> returnCodes,
        boolean failOnStderr,
        Map<String, Object> other) {

    /** Runtime keys we interpret ourselves; everything else goes to {@code other}. */
    private static final Set<String> KNOWN = Set.of("container", "docker", "cpu", "memory", "gpu", "maxRetries",
            "max_retries", "returnCodes", "return_codes", "preemptible", "continueOnReturnCode", "failOnStderr");

    /**
     * @param values evaluated runtime keys (task's own section wins over requirements, which win over defaults)
     * @param defaults {@code [task_runtime] defaults}
     */
    public static TaskSettings of(Map<String, Value> values, JsonNode defaults) {
        Map<String, Value> merged = new LinkedHashMap<>();
        if (defaults != null && defaults.isObject()) {
            defaults.fields().forEachRemaining(e -> merged.put(e.getKey(), ValueJson.fromJson(e.getValue())));
        }
        merged.putAll(values);
        Value container = merged.containsKey("container") ? merged.get("container") : merged.get("docker");
        Map<String, Object> other = new LinkedHashMap<>();
        merged.forEach((k, v) -> {
            if (!KNOWN.contains(k)) {
                other.put(k, JsonText.plain(ValueJson.toJson(v)));
            }
        });
        return new TaskSettings(
                container(container),
                number(merged.get("cpu"), "cpu", 1),
                memory(merged.get("memory")),
                merged.get("gpu") instanceof BooleanValue b && b.value(),
                (int) number(first(merged, "maxRetries", "max_retries"), "maxRetries", 0),
                (int) number(merged.get("preemptible"), "preemptible", 0),
                merged.containsKey("returnCodes") || merged.containsKey("return_codes")
                        || !merged.containsKey("continueOnReturnCode")
                        ? returnCodes(first(merged, "returnCodes", "return_codes"))
                        : continueOnReturnCode(merged.get("continueOnReturnCode")),
                flag(merged.get("failOnStderr"), "failOnStderr"),
                other);
    }

    private static Value first(Map<String, Value> m, String a, String b) {
        return m.containsKey(a) ? m.get(a) : m.get(b);
    }

    public boolean succeeded(int exitCode) {
        return returnCodes == null || returnCodes.contains(exitCode);
    }

    /** 1.2 allows a list of candidate images; we take the first (every backend here can pull any of them). */
    private static String container(Value v) {
        if (v == null || v instanceof NullValue) {
            return null;
        }
        if (v instanceof ArrayValue a) {
            return a.size() == 0 ? null : container(a.get(0));
        }
        String s = text(v, "container");
        return s.isBlank() || s.equals("*") ? null : s;
    }

    private static double number(Value v, String key, double dflt) {
        if (v == null || v instanceof NullValue) {
            return dflt;
        }
        if (v instanceof IntValue i) {
            return i.value();
        }
        if (v instanceof FloatValue f) {
            return f.value();
        }
        if (v instanceof StringValue s) {
            try {
                return Double.parseDouble(s.value().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("runtime " + key + " = \"" + s.value() + "\" is not a number");
            }
        }
        throw new IllegalArgumentException("runtime " + key + " must be a number, got " + v);
    }

    private static String text(Value v, String key) {
        if (v instanceof StringValue s) {
            return s.value();
        }
        throw new IllegalArgumentException("runtime " + key + " must be a String, got " + v);
    }

    /** Bytes in Int form, or "<number> <unit>" with the units of the WDL spec (B, KB/K, KiB/Ki, ... TB, TiB). */
    static long memory(Value v) {
        if (v == null || v instanceof NullValue) {
            return 2L << 30;
        }
        if (v instanceof IntValue i) {
            return i.value();
        }
        if (v instanceof FloatValue f) {
            return (long) f.value();
        }
        return bytes(text(v, "memory"), "memory");
    }

    /**
     * A size such as {@code "4 GiB"} in bytes, with the units of the WDL spec (B, KB/K, KiB/Ki, ... TB, TiB); also
     * for backends' size-valued runtime keys (e.g. Cromwell's {@code sharedMemorySize}).
     *
     * @param key the runtime key, for the error message
     */
    public static long bytes(String text, String key) {
        String s = text.strip();
        int split = 0;
        while (split < s.length() && (Character.isDigit(s.charAt(split)) || s.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("runtime " + key + " = \"" + s + "\" must look like \"4 GiB\"");
        }
        double amount = Double.parseDouble(s.substring(0, split));
        String unit = s.substring(split).strip().toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1000L;
            case "m", "mb" -> 1000L * 1000;
            case "g", "gb" -> 1000L * 1000 * 1000;
            case "t", "tb" -> 1000L * 1000 * 1000 * 1000;
            case "ki", "kib" -> 1L << 10;
            case "mi", "mib" -> 1L << 20;
            case "gi", "gib" -> 1L << 30;
            case "ti", "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException("runtime " + key + " = \"" + s + "\": unknown unit '" + unit
                    + "' (use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)");
        };
        return (long) (amount * factor);
    }

    private static Set<Integer> returnCodes(Value v) {
        if (v == null || v instanceof NullValue) {
            return Set.of(0);
        }
        if (v instanceof StringValue s && s.value().strip().equals("*")) {
            return null;
        }
        if (v instanceof IntValue i) {
            return Set.of((int) i.value());
        }
        if (v instanceof ArrayValue a) {
            Set<Integer> codes = new TreeSet<>();
            for (Value x : a.items()) {
                if (!(x instanceof IntValue i)) {
                    throw new IllegalArgumentException("runtime returnCodes must be Int, Array[Int] or \"*\"");
                }
                codes.add((int) i.value());
            }
            return codes;
        }
        throw new IllegalArgumentException("runtime returnCodes must be Int, Array[Int] or \"*\", got " + v);
    }

    /**
     * Cromwell's {@code continueOnReturnCode}: {@code true} (any status succeeds), {@code false} (only 0), an Int or
     * an array of Ints (those statuses succeed), as Cromwell reads it.
     */
    private static Set<Integer> continueOnReturnCode(Value v) {
        if (v instanceof BooleanValue b) {
            return b.value() ? null : Set.of(0);
        }
        if (v instanceof StringValue s && (s.value().strip().equals("true") || s.value().strip().equals("false"))) {
            return s.value().strip().equals("true") ? null : Set.of(0);
        }
        try {
            return returnCodes(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("runtime continueOnReturnCode must be true, false, an Int or an"
                    + " Array[Int], got " + v);
        }
    }

    /** A Boolean runtime value (also "true"/"false" as a String, as Cromwell accepts); absent is false. */
    private static boolean flag(Value v, String key) {
        if (v == null || v instanceof NullValue) {
            return false;
        }
        if (v instanceof BooleanValue b) {
            return b.value();
        }
        if (v instanceof StringValue s && (s.value().strip().equals("true") || s.value().strip().equals("false"))) {
            return s.value().strip().equals("true");
        }
        throw new IllegalArgumentException("runtime " + key + " must be true or false, got " + v);
    }

    /** For logs: the settings as a list of key=value strings. */
    public List<String> describe() {
        return List.of("container=" + container, "cpu=" + cpu, "memory=" + memoryBytes, "gpu=" + gpu,
                "maxRetries=" + maxRetries, "preemptible=" + preemptible,
                "returnCodes=" + (returnCodes == null ? "*" : returnCodes), "failOnStderr=" + failOnStderr);
    }
}
