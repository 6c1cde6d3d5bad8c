package org.wdlbatch.wdl.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.wdlbatch.wdl.json.JsonText;

/**
 * A bundle zip read into memory: WDL documents by their path inside the zip, and the manifest naming the main
 * document. Written by {@code org.wdlbatch.wdl.bundle.BundleWriter}.
 */
public final class BundleArchive {

    /**
     * The manifest entry: JSON {@code {"format": 1, "main": "workflows/x.wdl"}}, plus {@code "imports": {entry:
     * {import uri: entry}}} for imports that were found in a -p/--path folder rather than next to their importer.
     */
    public static final String MANIFEST = "wdlbatch-bundle.json";

    private final String name;
    private final Map<String, String> entries;
    private final String main;
    private final SourceFetcher fetcher;
    /** Imports found elsewhere than next to their importer (-p): entry -> import uri -> entry. */
    private final Map<String, Map<String, String>> imports;

    private BundleArchive(String name, Map<String, String> entries, String main, SourceFetcher fetcher,
            Map<String, Map<String, String>> imports) {
        this.name = name;
        this.entries = entries;
        this.main = main;
        this.fetcher = fetcher;
        this.imports = imports;
    }

    /** Whether {@code path} starts with the zip magic number. */
    public static boolean looksLikeZip(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    public static BundleArchive read(Path zip, SourceFetcher fetcher) throws IOException {
        try (InputStream in = Files.newInputStream(zip)) {
            return read(zip.toString(), in, fetcher);
        }
    }

    public static BundleArchive read(String name, InputStream in, SourceFetcher fetcher) throws IOException {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream zin = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                String path = entryPath(e.getName());
                if (path == null) {
                    throw new IOException("bundle " + name + " has an entry that escapes its folder: " + e.getName()
                            + " (entries must be relative paths without '..'; rebuild it with `wdlbatch zip`)");
                }
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                zin.transferTo(buf);
                entries.put(path, buf.toString(StandardCharsets.UTF_8));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(name + " is not a valid zip: " + e.getMessage());
        }
        String manifest = entries.get(MANIFEST);
        if (manifest == null) {
            throw new IOException(name + " is not a wdlbatch bundle: it has no " + MANIFEST);
        }
        String main;
        Map<String, Map<String, String>> imports = new HashMap<>();
        try {
            var node = JsonText.read(manifest);
            main = node.path("main").asText(null);
            node.path("imports").fields().forEachRemaining(d -> {
                Map<String, String> m = new HashMap<>();
                d.getValue().fields().forEachRemaining(i -> m.put(i.getKey(), i.getValue().asText()));
                imports.put(d.getKey(), m);
            });
        } catch (IOException e) {
            throw new IOException(name + ": " + MANIFEST + " is not valid JSON: " + e.getMessage());
        }
        if (main == null || !entries.containsKey(main)) {
            throw new IOException(name + ": " + MANIFEST + " names main document " + main + ", which is not in the bundle");
        }
        return new BundleArchive(name, entries, main, fetcher, imports);
    }

    public String name() {
        return name;
    }

    public String main() {
        return main;
    }

    SourceFetcher fetcher() {
        return fetcher;
    }

    public SourceLocation mainLocation() {
        return new SourceLocation.BundleEntry(this, main);
    }

    /** Where {@code importUri} of {@code entry} was found when that is not next to it (-p/--path), else null. */
    String importedFrom(String entry, String importUri) {
        Map<String, String> m = imports.get(entry);
        return m == null ? null : m.get(importUri);
    }

    /** The text of an entry, or null. */
    public String text(String entry) {
        return entries.get(entry);
    }

    /**
     * The path of a zip entry inside the bundle, or null when it could point outside the bundle's folder wherever
     * the bundle is unpacked or resolved: absolute ({@code /x}, {@code C:x}), with a backslash, or with a
     * {@code ..} part. {@code wdlbatch zip} writes none of these.
     */
    static String entryPath(String name) {
        if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")) {
            return null;
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return null;
            }
        }
        String path = normalize(name);
        return path == null || path.isEmpty() ? null : path;
    }

    /** {@code a/./b/../c} -> {@code a/c}; null when the path climbs above the root. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }
}
