package org.wdlbatch.engine.rundir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The end of a file as text: what a failure message, a report or a notification shows of a task's
 * {@code stderr.txt}, which can be gigabytes, so only its last bytes are read. A cut multi-byte character at the
 * start decodes as a replacement character; callers that show lines drop the first, partial one.
 */
public final class FileTail {

    private FileTail() {}

    /** The last {@code maxBytes} bytes of {@code file}, decoded as UTF-8. */
    public static String read(Path file, int maxBytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - maxBytes);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        }
    }
}
