package org.wdlbatch.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import org.wdlbatch.aws.local.EmbeddedAws;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * The emulator as {@code submit_awsbatch --local} starts it: the default world, state in the user's folder. Found by
 * {@link java.util.ServiceLoader} (META-INF/services), so the submitter needs no compile-time dependency on the
 * emulator and no reflection on its field names.
 */
public final class EmbeddedAwsStarter implements EmbeddedAws.Starter {

    @Override
    public EmbeddedAws start(Path dataDir, Path repoRoot, long tickMillis) throws Exception {
        EmulatorConfig config = EmulatorConfig.defaults();
        config.dataDir = dataDir.toAbsolutePath().toString();
        config.tickMillis = tickMillis;
        config.runner.repoRoot = repoRoot.toString();
        return new Running(AwsEmulator.start(config));
    }

    private record Running(AwsEmulator emulator) implements EmbeddedAws {

        @Override
        public URI endpoint() {
            return emulator.endpoint();
        }

        @Override
        public String region() {
            return emulator.region();
        }

        @Override
        public Path efsFolder() {
            return emulator.efsFolder();
        }

        @Override
        public Path dataDir() {
            return emulator.dataDir();
        }

        @Override
        public void close() {
            try {
                emulator.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
