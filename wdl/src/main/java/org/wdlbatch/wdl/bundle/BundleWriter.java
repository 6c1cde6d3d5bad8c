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
import org.wdlbatch.wdl.json.JsonText;

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
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<LoadedDocument, String> e : placed(graph).entrySet()) {
            out.put(e.getValue(), e.getKey().location().read());
        }
        return out;
    }

    /**
     * Imports that were not found next to their importer (a {@code -p/--path} folder had them): importer's
     * in-bundle path -> import uri -> the imported document's in-bundle path, for the manifest, so the bundle reads
     * back without those folders.
     */
    static Map<String, Map<String, String>> importsFoundElsewhere(DocumentGraph graph) throws IOException {
        Map<LoadedDocument, String> placed = placed(graph);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<LoadedDocument, String> d : placed.entrySet()) {
            for (LoadedDocument.Imported i : d.getKey().imports().values()) {
                String child = placed.get(i.document());
                if (child == null) {
                    continue; // a URL import: fetched as written
                }
                String uri = i.statement().uri();
                SourceLocation from = d.getKey().location();
                SourceLocation beside = from instanceof SourceLocation.BundleEntry e ? e.besideThis(uri)
                        : from.resolve(uri);
                if (!beside.key().equals(i.document().location().key())) {
                    out.computeIfAbsent(d.getValue(), k -> new LinkedHashMap<>()).put(uri, child);
                }
            }
        }
        return out;
    }

    /** Each local document of {@code graph} with its path in the bundle, main document first. */
    private static Map<LoadedDocument, String> placed(DocumentGraph graph) throws IOException {
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
        Map<LoadedDocument, String> ordered = new LinkedHashMap<>();
        if (graph.main().location() instanceof SourceLocation.BundleEntry) {
            // Re-bundling a bundle: entries already have their in-bundle paths.
            for (LoadedDocument d : local) {
                ordered.put(d, ((SourceLocation.BundleEntry) d.location()).entry());
            }
            return ordered;
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
        for (int i = 0; i < local.size(); i++) {
            ordered.put(local.get(i), root.relativize(paths.get(i)).toString().replace('\\', '/'));
        }
        return ordered;
    }

    /** Writes the bundle of {@code graph} to {@code zip}; returns the in-bundle path of the main document. */
    public static String write(DocumentGraph graph, Path zip) throws IOException {
        Map<String, String> files = layout(graph);
        Map<String, Map<String, String>> imports = importsFoundElsewhere(graph);
        Path parent = zip.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(zip)) {
            return write(files, imports, out);
        }
    }

    static String write(Map<String, String> files, OutputStream out) throws IOException {
        return write(files, Map.of(), out);
    }

    static String write(Map<String, String> files, Map<String, Map<String, String>> imports, OutputStream out)
            throws IOException {
        String main = files.keySet().iterator().next();
        StringBuilder manifest = new StringBuilder("{\"format\": 1, \"main\": " + jsonString(main));
        if (!imports.isEmpty()) {
            // only bundles of a load with -p/--path have it; others stay byte-for-byte as before
            manifest.append(", \"imports\": {");
            String sep = "";
            for (Map.Entry<String, Map<String, String>> d : imports.entrySet()) {
                manifest.append(sep).append(jsonString(d.getKey())).append(": {");
                String sep2 = "";
                for (Map.Entry<String, String> i : d.getValue().entrySet()) {
                    manifest.append(sep2).append(jsonString(i.getKey())).append(": ").append(jsonString(i.getValue()));
                    sep2 = ", ";
                }
                manifest.append('}');
                sep = ", ";
            }
            manifest.append('}');
        }
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            put(zip, BundleArchive.MANIFEST, manifest + "}\n");
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
        return JsonText.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
    }
}
