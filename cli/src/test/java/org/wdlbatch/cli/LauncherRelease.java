package org.wdlbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/** A release laid out as shipped, for the launcher tests: bin/wdlbatch and bin/cds-launch.sh from this source tree. */
final class LauncherRelease {

    private LauncherRelease() {}

    /** Copies the launcher into {@code release/bin}; returns where its jar goes ({@code release/lib/wdlbatch.jar}). */
    static Path layOut(Path release) throws IOException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Files.createDirectories(release.resolve("bin"));
        for (String f : List.of("wdlbatch", "cds-launch.sh")) {
            Files.copy(repo.resolve("bin").resolve(f), release.resolve("bin").resolve(f));
        }
        release.resolve("bin/wdlbatch").toFile().setExecutable(true);
        return Files.createDirectories(release.resolve("lib")).resolve("wdlbatch.jar");
    }

    /** A jar manifest whose main class is {@code main}. */
    static Manifest manifest(Class<?> main) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        return m;
    }
}
