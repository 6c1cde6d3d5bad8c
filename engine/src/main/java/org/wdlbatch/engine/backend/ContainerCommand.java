package org.wdlbatch.engine.backend;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The argv that runs a task attempt inside its image with docker or podman: the task directory is mounted at
 * the same path inside the container (so File values mean the same thing inside and out), {@code work/} is the
 * working directory, the command script runs with bash, and CPU and memory requests become limits.
 *
 * <p>Input files are linked under {@code work/_inputs/} and those links point at host paths, so each input's
 * link target is mounted read-only at that same path. Single files (not their folders) are mounted: an input
 * in {@code /} or {@code /etc} must not hide the image's own files, and a folder mount would expose everything
 * next to the input. The target is mounted as written in the link (not its real path): that is the path the
 * container resolves when it follows the link, and the container tool follows any host symlinks in it.
 */
public final class ContainerCommand {

    private ContainerCommand() {}

    /**
     * @param tool {@code docker} or {@code podman}
     * @param inputPaths host files and folders the attempt's input links point at (mounted read-only)
     */
    public static List<String> argv(String tool, TaskAttempt attempt, List<Path> inputPaths) {
        return argv(tool, attempt, inputPaths, null);
    }

    /**
     * @param user {@code uid:gid} to run the container as ({@code --as-me}), or null for the image's user
     */
    public static List<String> argv(String tool, TaskAttempt attempt, List<Path> inputPaths, String user) {
        TaskResources r = attempt.resources();
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.add("run");
        argv.add("--rm");
        argv.add("--name");
        argv.add(containerName(attempt));
        argv.add("--entrypoint");
        argv.add("/bin/bash");
        argv.add("-v");
        argv.add(attempt.taskDir() + ":" + attempt.taskDir());
        for (Path m : readOnlyMounts(attempt.taskDir(), inputPaths)) {
            argv.add("-v");
            argv.add(m + ":" + m + ":ro");
        }
        argv.add("-w");
        argv.add(attempt.workDir().toString());
        if (user != null) {
            // miniwdl's --as-me: files the task writes belong to the invoking user, not to root
            argv.add("--user");
            argv.add(user);
        }
        Map<String, String> env = new TreeMap<>(attempt.env());
        // The host process gets TMPDIR=<task dir>/tmp from LocalBackend; the container gets the same folder.
        env.putIfAbsent("TMPDIR", tmpDir(attempt).toString());
        for (Map.Entry<String, String> e : env.entrySet()) {
            argv.add("-e");
            argv.add(e.getKey() + "=" + e.getValue());
        }
        if (r.cpu() > 0) {
            argv.add("--cpus");
            argv.add(formatCpu(r.cpu()));
        }
        if (r.memoryBytes() > 0) {
            argv.add("--memory");
            argv.add(Long.toString(r.memoryBytes()));
        }
        if (r.gpu()) {
            if (tool.equals("podman")) {
                // podman 4 has no --gpus; NVIDIA's container toolkit exposes the GPUs as a CDI device.
                argv.add("--device");
                argv.add("nvidia.com/gpu=all");
            } else {
                argv.add("--gpus");
                argv.add("all");
            }
        }
        argv.add(r.container());
        argv.add(attempt.commandFile().toString());
        return argv;
    }

    /** Where the attempt's TMPDIR is, inside the task directory (so it is mounted and cleaned with it). */
    static Path tmpDir(TaskAttempt attempt) {
        return attempt.directory().tmp();
    }

    /**
     * The input paths that need a mount of their own: not those inside the task directory (mounted already),
     * not those inside another input folder that is mounted, and each only once.
     */
    static List<Path> readOnlyMounts(Path taskDir, List<Path> inputPaths) {
        // Sorted, a folder comes before everything under it; checking ancestors keeps this linear in inputs.
        List<Path> sorted = inputPaths.stream().map(p -> p.toAbsolutePath().normalize()).distinct().sorted()
                .toList();
        Set<Path> mounted = new HashSet<>();
        List<Path> mounts = new ArrayList<>();
        for (Path p : sorted) {
            if (p.startsWith(taskDir) || underAny(p, mounted)) {
                continue;
            }
            mounted.add(p);
            mounts.add(p);
        }
        return mounts;
    }

    private static boolean underAny(Path p, Set<Path> folders) {
        for (Path a = p.getParent(); a != null; a = a.getParent()) {
            if (folders.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code wdlbatch-<attempt id>-<hash of the task dir>}: attempt ids repeat in every run of a workflow, so the
     * task directory's hash keeps two runs on one machine (or a leftover container of a crashed run) from
     * colliding. Container names allow {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}.
     */
    static String containerName(TaskAttempt attempt) {
        CRC32 crc = new CRC32();
        crc.update(attempt.taskDir().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        String s = ("wdlbatch-" + attempt.id()).replaceAll("[^a-zA-Z0-9_.-]", "_");
        return s.toLowerCase(Locale.ROOT) + "-" + String.format("%08x", crc.getValue());
    }

    private static String formatCpu(double cpu) {
        return cpu == Math.rint(cpu) ? Long.toString((long) cpu) : Double.toString(cpu);
    }

    /** The invoking user as {@code uid:gid}, for {@code --user} ({@code --as-me}). */
    public static String invokingUser() {
        com.sun.security.auth.module.UnixSystem me = new com.sun.security.auth.module.UnixSystem();
        return me.getUid() + ":" + me.getGid();
    }

    /** Whether {@code tool} (docker, podman) is an executable in a folder of {@code PATH}. */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
