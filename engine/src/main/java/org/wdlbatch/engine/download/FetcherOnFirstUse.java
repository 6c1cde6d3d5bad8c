package org.wdlbatch.engine.download;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

/**
 * A fetcher made by the first request that needs it. For S3: loading {@link S3Fetcher} loads the AWS SDK classes
 * its methods name (exceptions, streams, credentials), which a run without s3:// inputs (every local run of local
 * files) has no use for.
 */
final class FetcherOnFirstUse implements UriFetcher {

    private final Supplier<UriFetcher> make;
    private volatile UriFetcher made;

    FetcherOnFirstUse(Supplier<UriFetcher> make) {
        this.make = make;
    }

    private UriFetcher fetcher() {
        UriFetcher f = made;
        if (f == null) {
            synchronized (this) {
                f = made;
                if (f == null) {
                    f = make.get();
                    made = f;
                }
            }
        }
        return f;
    }

    /** Whether the fetcher was made (for tests). */
    boolean made() {
        return made != null;
    }

    @Override
    public SourceVersion head(URI uri) throws IOException {
        return fetcher().head(uri);
    }

    @Override
    public Opened open(URI uri, SourceVersion expected) throws IOException {
        return fetcher().open(uri, expected);
    }
}
