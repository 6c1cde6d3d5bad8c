package org.wdlbatch.taskruntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task's own environment variables (WDL 1.2 {@code env} inputs), written next to its command as {@code env}
 * and sourced by the wrapper, so that values of any size stay out of the job payload. Written only for tasks
 * that have such variables.
 */
public final class EnvFile {

    public static final String NAME = org.wdlbatch.engine.rundir.TaskDirectory.ENV;

    private EnvFile() {}

    public static String render(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(env).forEach((k, v) -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("environment variable name '" + k + "' is not valid in bash");
            }
            sb.append("export ").append(k).append('=').append(quote(v)).append('\n');
        });
        return sb.toString();
    }

    public static void write(Path taskDir, Map<String, String> env) throws IOException {
        Files.writeString(taskDir.resolve(NAME), render(env), StandardCharsets.UTF_8);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
