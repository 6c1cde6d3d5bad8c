package org.wdlbatch.engine.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FetcherOnFirstUseTest {

    @Test
    void makesTheFetcherOnItsFirstRequestOnlyAndOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        FetcherOnFirstUse lazy = new FetcherOnFirstUse(() -> {
            made.incrementAndGet();
            return new UriFetcher() {
                @Override
                public SourceVersion head(URI uri) {
                    return new SourceVersion("etag:" + uri.getPath(), 3);
                }

                @Override
                public Opened open(URI uri, SourceVersion expected) {
                    return new Opened(new ByteArrayInputStream(new byte[3]), 3);
                }
            };
        });
        assertThat(lazy.made()).isFalse();
        assertThat(made).hasValue(0);

        assertThat(lazy.head(URI.create("s3://b/k")).tag()).isEqualTo("etag:/k");
        assertThat(lazy.open(URI.create("s3://b/k"), null).size()).isEqualTo(3);
        assertThat(lazy.made()).isTrue();
        assertThat(made).hasValue(1);
    }
}
