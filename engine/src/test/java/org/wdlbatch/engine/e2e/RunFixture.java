package org.wdlbatch.engine.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.config.Config;

/** Writes WDL files into a temporary folder and runs them through the real engine with the local backend. */
final class RunFixture {

    final Path root;

    RunFixture(Path root) {
        this.root = root;
    }

    Path write(String name, String text) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    Runner.Outcome run(Path wdl, String... keyValues) throws Exception {
        return run(wdl, null, Map.of(), keyValues);
    }

    Runner.Outcome run(Path wdl, String task, Map<String, String> env, String... keyValues) throws Exception {
        Config config = Config.builder().environment(env).build();
        return new Runner().run(new Runner.Request(wdl.toString(), List.of(keyValues), null, task,
                root.resolve("runs"), root, config, null, false, List.of()));
    }
}
