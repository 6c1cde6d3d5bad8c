package org.wdlbatch.wdl.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every document's text read once: a file that 50 workflows import is read for the first and reused for the other
 * 49. A local file's text is reused while the file's size, modification time and identity (inode) are those it had
 * when read, so a file edited in a long-lived process (a test JVM, a resumed run) is read again; checking that
 * costs one {@code stat} where a read costs an open, reads and a UTF-8 decode. A URL's text is fetched once for the
 * life of the cache; a bundle entry's is reused for the same bundle. Safe for concurrent loads.
 */
final class SourceTexts {

    /** A text and what it was read under (null: never reused). */
    private record Snapshot(String text, Object stamp) {}

    private final SourceReader reader;
    private final Map<String, Snapshot> texts = new ConcurrentHashMap<>();

    SourceTexts(SourceReader reader) {
        this.reader = reader;
    }

    String read(SourceLocation location) throws IOException {
        Object stamp = stamp(location);
        Snapshot known = stamp == null ? null : texts.get(location.key());
        if (known != null && known.stamp().equals(stamp)) {
            return known.text();
        }
        String text = reader.read(location);
        if (stamp != null) {
            texts.put(location.key(), new Snapshot(text, stamp));
        }
        return text;
    }

    /** What must be unchanged for a text read before to be the document's text now; null when unknown. */
    private static Object stamp(SourceLocation location) {
        if (location instanceof SourceLocation.LocalFile f) {
            try {
                BasicFileAttributes a = Files.readAttributes(f.path(), BasicFileAttributes.class);
                return a.isRegularFile() ? List.of(a.size(), a.lastModifiedTime(), Objects.toString(a.fileKey())) : null;
            } catch (IOException | UnsupportedOperationException e) {
                return null; // the read reports what is wrong
            }
        }
        if (location instanceof SourceLocation.BundleEntry b) {
            return b.archive(); // the same bundle object, not one of the same name
        }
        return "url";
    }
}
