package org.wdlbatch.wdl.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.wdlbatch.wdl.load.BundleArchive;
import org.wdlbatch.wdl.load.DocumentGraph;
import org.wdlbatch.wdl.load.LoadedDocument;
import org.wdlbatch.wdl.load.SourceLocation;

/**
 * Writes a loaded document graph as a bundle zip: every local document at its path relative to the common root of
 * all of them (so {@code workflows/x.wdl} importing {@code ../tasks/y.wdl} keeps both, unchanged), plus the manifest
 * {@value BundleArchive#MANIFEST} naming the main document. Imports by http(s) URL stay URLs: they are not copied,
 * the loader fetches them when it reads the bundle. The documents' text is stored verbatim, so imports resolve
 * inside the bundle exactly as they did on disk.
 */
public final class BundleWriter {

    private BundleWriter() {}

    /** The documents of {@code graph} by their path inside the bundle, main document first. */
    public static Map<String, String> layout(DocumentGraph graph) throws IOException {
        List<LoadedDocument> local = new ArrayList<>();
        local.add(graph.main());
        for (LoadedDocument d : graph.documents()) {
            if (d != graph.main() && !(d.location() instanceof SourceLocation.Url)) {
                local.add(d);
            }
        }
        for (LoadedDocument d : local) {
            if (d.location() instanceof SourceLocation.Url) {
                throw new IOException("the main document " + d.uri() + " is a URL; bundle local files only");
            }
        }
        if (graph.main().location() instanceof SourceLocation.BundleEntry) {
            // Re-bundling a bundle: entries already have their in-bundle paths.
            Map<String, String> out = new LinkedHashMap<>();
            for (LoadedDocument d : local) {
                SourceLocation.BundleEntry e = (SourceLocation.BundleEntry) d.location();
                out.put(e.entry(), e.read());
            }
            return out;
        }
        List<Path> paths = new ArrayList<>();
        for (LoadedDocument d : local) {
            paths.add(((SourceLocation.LocalFile) d.location()).path().toAbsolutePath().normalize());
        }
        Path root = paths.get(0).getParent();
        for (Path p : paths) {
            while (!p.startsWith(root)) {
                root = root.getParent();
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < local.size(); i++) {
            String rel = root.relativize(paths.get(i)).toString().replace('\\', '/');
            out.put(rel, local.get(i).location().read());
        }
        return out;
    }

    /** Writes the bundle of {@code graph} to {@code zip}; returns the in-bundle path of the main document. */
    public static String write(DocumentGraph graph, Path zip) throws IOException {
        Map<String, String> files = layout(graph);
        Path parent = zip.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(zip)) {
            return write(files, out);
        }
    }

    static String write(Map<String, String> files, OutputStream out) throws IOException {
        String main = files.keySet().iterator().next();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            put(zip, BundleArchive.MANIFEST, "{\"format\": 1, \"main\": " + jsonString(main) + "}\n");
            for (Map.Entry<String, String> e : files.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
        }
        return main;
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0L); // reproducible bundles: same inputs, same bytes
        zip.putNextEntry(entry);
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String jsonString(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
