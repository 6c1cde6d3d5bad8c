package org.wdlbatch.engine.download;

import java.net.URI;

/** Told about a download's progress; {@code total} is -1 when the size is unknown. */
@FunctionalInterface
public interface ProgressListener {

    void progress(URI uri, long done, long total);

    ProgressListener NONE = (uri, done, total) -> { };
}
