package org.wdlbatch.engine.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The argv that runs a task attempt inside its image with docker or podman: the task directory is mounted at
 * the same path inside the container (so File values mean the same thing inside and out), {@code work/} is the
 * working directory, the command script runs with bash, and CPU and memory requests become limits.
 * Input files linked under {@code work/_inputs/} point at host paths, so their parent folders are mounted
 * read-only at the same paths too.
 */
public final class ContainerCommand {

    private ContainerCommand() {}

    /**
     * @param tool {@code docker} or {@code podman}
     * @param inputMounts host folders holding the attempt's input files (mounted read-only at the same path)
     */
    public static List<String> argv(String tool, TaskAttempt attempt, List<Path> inputMounts) {
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
        for (Path m : inputMounts) {
            if (!m.startsWith(attempt.taskDir())) {
                argv.add("-v");
                argv.add(m + ":" + m + ":ro");
            }
        }
        argv.add("-w");
        argv.add(attempt.workDir().toString());
        for (Map.Entry<String, String> e : new TreeMap<>(attempt.env()).entrySet()) {
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
            argv.add("--gpus");
            argv.add("all");
        }
        argv.add(r.container());
        argv.add(attempt.commandFile().toString());
        return argv;
    }

    /** Container names allow {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}. */
    static String containerName(TaskAttempt attempt) {
        String s = ("wdlbatch-" + attempt.id()).replaceAll("[^a-zA-Z0-9_.-]", "_");
        return s.toLowerCase(Locale.ROOT);
    }

    private static String formatCpu(double cpu) {
        return cpu == Math.rint(cpu) ? Long.toString((long) cpu) : Double.toString(cpu);
    }
}
