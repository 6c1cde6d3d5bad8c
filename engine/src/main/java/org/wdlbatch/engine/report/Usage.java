package org.wdlbatch.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one attempt's command used, as the task job's wrapper wrote it into the task directory's {@code usage}
 * file ({@code key=value} lines; the line after {@code times=} is bash's children user and system time).
 *
 * @param started when the command started (epoch milliseconds)
 * @param ended when it ended
 * @param cpuSeconds user + system CPU seconds: the container's cgroup when read, else the command's own
 * @param memoryPeakBytes the container's peak memory (cgroup), or null where no cgroup of its own was read
 * @param instanceType e.g. {@code m5.large}, when the instance metadata said so
 * @param lifecycle {@code spot} or {@code on-demand}, when the instance metadata said so
 * @param source {@code cgroup v2}, {@code cgroup v1} or {@code times} (CPU from bash, no memory figure)
 */
public record Usage(Long started, Long ended, Double cpuSeconds, Long memoryPeakBytes, String instanceType,
        String lifecycle, String source) {

    private static final Pattern TIME = Pattern.compile("(\\d+)m(\\d+(?:[.,]\\d+)?)s");

    /** Wall-clock seconds of the command, or null. */
    public Double wallSeconds() {
        return started == null || ended == null ? null : (ended - started) / 1000.0;
    }

    /** The usage file of a task directory (or of an archived attempt); null when absent or unreadable. */
    public static Usage read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        return parse(lines);
    }

    static Usage parse(List<String> lines) {
        java.util.Map<String, String> kv = new java.util.HashMap<>();
        String children = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = l.substring(0, eq);
            kv.put(key, l.substring(eq + 1).strip());
            if (key.equals("times") && i + 1 < lines.size()) {
                children = lines.get(i + 1);
            }
        }
        Long started = epochMillis(kv.get("start"));
        Long ended = epochMillis(kv.get("end"));
        String cgroup = blankToNull(kv.get("cgroup"));
        Double cpu = null;
        String source = "times";
        Long memory = null;
        if (cgroup != null) {
            Long raw = longOrNull(kv.get("cgroup_cpu"));
            // v2 cpu.stat usage_usec is microseconds; v1 cpuacct.usage nanoseconds
            cpu = raw == null ? null : raw / ("v1".equals(cgroup) ? 1e9 : 1e6);
            memory = longOrNull(kv.get("memory_peak"));
            source = "cgroup " + cgroup;
        }
        if (cpu == null && children != null) {
            cpu = childrenSeconds(children);
        }
        return new Usage(started, ended, cpu, memory, blankToNull(kv.get("instance_type")),
                blankToNull(kv.get("lifecycle")), source);
    }

    /** {@code 0m1.250s 0m0.100s}: user plus system seconds. */
    static Double childrenSeconds(String line) {
        Matcher m = TIME.matcher(line);
        double total = 0;
        int found = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2).replace(',', '.'));
            found++;
        }
        return found == 0 ? null : total;
    }

    private static Long epochMillis(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Math.round(Double.parseDouble(s.strip().replace(',', '.')) * 1000);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longOrNull(String s) {
        try {
            return s == null || s.isBlank() ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
