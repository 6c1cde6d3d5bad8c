package org.wdlbatch.engine.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * miniwdl's and miniwdl-aws's configuration vocabulary, so that their {@code .cfg} files and {@code MINIWDL__*}
 * variables work here unchanged. Each of their keys either maps to one of ours (possibly with its value
 * translated) or has no equivalent here; in the second case the key is accepted, has no effect, and the run says
 * so in one warning that lists every such key (people move whole files over; one run per key to find them all
 * would be worse than useless).
 *
 * <p>Sources: miniwdl's {@code WDL/runtime/config_templates/default.cfg} and miniwdl-aws's {@code miniwdl_aws.cfg},
 * and the {@code MINIWDL__AWS__*} variables miniwdl-aws reads.
 */
public final class MiniwdlSettings {

    public static final String ENV_PREFIX = "MINIWDL__";

    /** What a miniwdl key means here. */
    public sealed interface Meaning permits Mapped, NoEffect {}

    /** The same setting under our name; {@code value} is the value to use, or null when this value means "nothing to set". */
    public record Mapped(String section, String key, String value) implements Meaning {}

    /** A miniwdl setting with no equivalent here, and why. */
    public record NoEffect(String why) implements Meaning {}

    private static final String NOT_HERE = "no equivalent in wdlbatch";

    /** Keys whose meaning is ours under another name (section.key -> ours). */
    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("scheduler.task_concurrency", "scheduler.call_concurrency"),
            Map.entry("download_cache.get", "download.reuse"),
            Map.entry("aws.s3_upload_folder", "aws.s3upload"));

    /** miniwdl's keys that have no equivalent here, by section (a section mapped to null: all its keys). */
    private static final Map<String, Set<String>> WITHOUT_EQUIVALENT = new LinkedHashMap<>();

    static {
        WITHOUT_EQUIVALENT.put("scheduler", Set.of("download_concurrency", "subworkflow_concurrency",
                "scatter_tag_max"));
        WITHOUT_EQUIVALENT.put("file_io", Set.of("allow_any_input", "chown",
                "output_hardlinks", "use_relative_output_paths", "delete_work", "mount_tmpdir", "mount_tmpdir_for"));
        WITHOUT_EQUIVALENT.put("task_runtime", Set.of("memory_limit_multiplier",
                "download_defaults", "placeholder_regex", "command_shell", "command_preamble",
                "allow_privileged", "old_command_dedent"));
        WITHOUT_EQUIVALENT.put("download_cache", Set.of("put", "dir", "ignore_query", "enable_patterns",
                "disable_patterns", "flock"));
        WITHOUT_EQUIVALENT.put("call_cache", Set.of("backend", "dir"));
        WITHOUT_EQUIVALENT.put("aws", Set.of("submit_period", "boto3_retries"));
        for (String section : new String[] {"docker_swarm", "download_aria2c", "download_awscli", "download_gsutil",
                "plugins", "podman", "singularity", "udocker", "log_task_usage"}) {
            WITHOUT_EQUIVALENT.put(section, null);
        }
    }

    private MiniwdlSettings() {}

    /**
     * What {@code [section] key = value} of a miniwdl configuration means here; empty when miniwdl does not know the
     * key either (then it is an ordinary unknown key: a typo to report).
     */
    public static Optional<Meaning> meaning(String section, String key, String value) {
        String s = section.toLowerCase(Locale.ROOT);
        String k = key.toLowerCase(Locale.ROOT);
        String renamed = RENAMED.get(s + "." + k);
        if (renamed != null) {
            int dot = renamed.indexOf('.');
            return Optional.of(new Mapped(renamed.substring(0, dot), renamed.substring(dot + 1), value));
        }
        if (s.equals("scheduler") && k.equals("container_backend")) {
            return Optional.of(containerBackend(value));
        }
        if (s.equals("aws") && (k.equals("s3_upload_delete_after") || k.equals("delete_after_s3_upload"))) {
            // miniwdl-aws: a boolean "delete the run directory after a successful upload"
            boolean yes = Set.of("true", "yes", "on", "1").contains(value.strip().toLowerCase(Locale.ROOT));
            return Optional.of(new Mapped("aws", "delete_after", yes ? "success" : null));
        }
        if (WITHOUT_EQUIVALENT.containsKey(s)) {
            Set<String> keys = WITHOUT_EQUIVALENT.get(s);
            if (keys == null || keys.contains(k)) {
                return Optional.of(new NoEffect(NOT_HERE));
            }
        }
        return Optional.empty();
    }

    /**
     * Environment variables as wdlbatch reads them, for programs that pass settings on rather than read them
     * ({@code submit_awsbatch}): each {@code MINIWDL__SECTION__KEY} that means one of our settings becomes
     * {@code WDLBATCH__SECTION__KEY} (unless that is set too: ours win); one without effect here is dropped and
     * described in {@code withoutEffect}; one miniwdl does not know either stays, for the configuration check to name.
     */
    public static Map<String, String> asWdlbatchVariables(Map<String, String> env, List<String> withoutEffect) {
        Map<String, String> out = new java.util.TreeMap<>(env);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX)) {
                continue;
            }
            String rest = e.getKey().substring(ENV_PREFIX.length());
            int sep = rest.indexOf("__");
            if (sep <= 0 || sep + 2 >= rest.length()) {
                continue;
            }
            Optional<Meaning> meaning = meaning(rest.substring(0, sep), rest.substring(sep + 2), e.getValue());
            if (meaning.isEmpty()) {
                continue;
            }
            out.remove(e.getKey());
            if (meaning.get() instanceof Mapped m && m.value() != null) {
                out.putIfAbsent(Config.ENV_PREFIX + m.section().toUpperCase(Locale.ROOT) + "__"
                        + m.key().toUpperCase(Locale.ROOT), m.value());
            } else if (meaning.get() instanceof NoEffect n) {
                withoutEffect.add(e.getKey() + " (" + n.why() + ")");
            }
        }
        return out;
    }

    /** miniwdl picks the container runtime in [scheduler]; here it is [task_runtime] container_backend. */
    private static Meaning containerBackend(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "docker_swarm", "docker" -> new Mapped("task_runtime", "container_backend", "docker");
            case "podman" -> new Mapped("task_runtime", "container_backend", "podman");
            case "aws_batch_job", "aws_batch" -> new NoEffect("tasks run on AWS Batch with --backend aws-batch,"
                    + " which the workflow job always uses");
            default -> new NoEffect("container backend '" + value.strip() + "' is not supported (host, docker or"
                    + " podman)");
        };
    }
}
