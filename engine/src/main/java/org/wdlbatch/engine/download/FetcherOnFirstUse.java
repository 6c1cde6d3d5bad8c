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

    private final OnFirstUse<UriFetcher> fetcher;

    FetcherOnFirstUse(Supplier<UriFetcher> make) {
        this.fetcher = new OnFirstUse<>(make);
    }

    /** Whether the fetcher was made (for tests). */
    boolean made() {
        return fetcher.made();
    }

    @Override
    public SourceVersion head(URI uri) throws IOException {
        return fetcher.get().head(uri);
    }

    @Override
    public Opened open(URI uri, SourceVersion expected) throws IOException {
        return fetcher.get().open(uri, expected);
    }
}
