package org.wdlbatch.aws.local;

import java.net.URI;
import java.nio.file.Path;

/**
 * A local AWS (the {@code aws-emulator} module) as {@code submit_awsbatch --local} drives it. The submitter does not
 * depend on the emulator (its jars stay off the submitter's normal path); it loads the emulator in a class loader of
 * its own and finds the {@link Starter} through {@link java.util.ServiceLoader}. This interface is the whole contract
 * between the two, checked by the compiler on both sides instead of by reflection on names.
 */
public interface EmbeddedAws extends AutoCloseable {

    /** The one endpoint every service answers on. */
    URI endpoint();

    String region();

    /** The local folder behind the default EFS access point (a job's mount path is used as-is on the host). */
    Path efsFolder();

    /** Where the emulator keeps its state, S3 buckets and job folders. */
    Path dataDir();

    @Override
    void close();

    /** Starts a local AWS; registered as a {@link java.util.ServiceLoader} provider by the emulator. */
    interface Starter {

        /**
         * The default world, its data kept in {@code dataDir}; jobs of the orchestrator image run
         * {@code repoRoot/bin/wdlbatch}; the state machine moves every {@code tickMillis}.
         */
        EmbeddedAws start(Path dataDir, Path repoRoot, long tickMillis) throws Exception;
    }
}
