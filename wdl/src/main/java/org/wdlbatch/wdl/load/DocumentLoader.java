package org.wdlbatch.wdl.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Import;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.source.WdlException;

/**
 * Loads a main WDL document (local path, http(s) URL, or bundle zip) and all its imports, recursively and relative
 * to the importing document. Each document is read and parsed once in a load; with {@link #cachingParses}, once
 * across loads too (see {@link Caches}). Problems of all documents (syntax errors, missing imports, cycles, duplicate
 * namespaces) are collected and thrown together as one {@link WdlException}.
 */
public final class DocumentLoader {

    private final TextParser parser;
    private final SourceFetcher fetcher;
    private final SourceReader reader;
    /** Null unless {@link #cachingParses}: then texts, parses and clean trees are kept across loads. */
    private Caches caches;

    /**
     * What a loader keeps across loads: every document's text ({@link SourceTexts}: read once, re-read when the file
     * changed), parsed documents by location key and text, and documents whose whole import tree loaded without a
     * problem. One instance may serve several loaders and threads ({@link #processWide}).
     */
    public static final class Caches {
        final SourceTexts texts;
        final Map<String, Object[]> parses = new ConcurrentHashMap<>();
        final Map<String, LoadedDocument> clean = new ConcurrentHashMap<>();

        public Caches(SourceReader reader) {
            this.texts = new SourceTexts(reader);
        }

        private static final Caches PROCESS = new Caches(SourceReader.DIRECT);

        /**
         * The one set of caches of this process, for loaders reading through the documents' own locations with the
         * default http fetcher: a submission bundles the WDL and then checks it, a run loads and then checks, each
         * through its own loader, and each file is still read and parsed once.
         */
        public static Caches processWide() {
            return PROCESS;
        }
    }

    public DocumentLoader(TextParser parser, SourceFetcher fetcher) {
        this(parser, fetcher, SourceReader.DIRECT);
    }

    /** {@code reader}: how documents are read (tests count reads with their own). */
    public DocumentLoader(TextParser parser, SourceFetcher fetcher, SourceReader reader) {
        this.parser = parser;
        this.fetcher = fetcher;
        this.reader = reader;
    }

    public DocumentLoader(TextParser parser) {
        this(parser, new HttpSourceFetcher());
    }

    /** Folders searched, in order, for a local import not found next to the importing file ({@code -p/--path}). */
    private List<Path> importPath = List.of();

    /**
     * Also looks for local imports in these folders when the file is not next to the importing file, as
     * {@code miniwdl run -p/--path DIR} does. Bundles made from such a load record where each import was found
     * ({@link org.wdlbatch.wdl.bundle.BundleWriter}), so they read back without the folders.
     */
    public DocumentLoader importPath(List<Path> dirs) {
        this.importPath = List.copyOf(dirs);
        return this;
    }

    /** {@code target} itself, or the first folder of the import path holding {@code importUri}. */
    private SourceLocation searchImportPath(SourceLocation target, String importUri) {
        if (importPath.isEmpty() || !(target instanceof SourceLocation.LocalFile local)
                || Files.exists(local.path()) || SourceLocation.isUrl(importUri) || importUri.startsWith("file:")
                || Path.of(importUri).isAbsolute()) {
            return target;
        }
        for (Path dir : importPath) {
            Path candidate = dir.resolve(importUri).normalize();
            if (Files.isRegularFile(candidate)) {
                return new SourceLocation.LocalFile(candidate, local.fetcher());
            }
        }
        return target;
    }

    /**
     * Keeps parsed documents across {@link #load} calls (a document whose text is unchanged is not parsed again),
     * for checking many workflows that share task files in one process.
     */
    public DocumentLoader cachingParses() {
        return cachingIn(new Caches(reader));
    }

    /** Keeps texts and parses in {@code shared} (e.g. {@link Caches#processWide}), with other loaders. */
    public DocumentLoader cachingIn(Caches shared) {
        caches = shared;
        return this;
    }

    private String read(SourceLocation location) throws IOException {
        return caches == null ? reader.read(location) : caches.texts.read(location);
    }

    private Document parse(SourceLocation location, String text) {
        if (caches == null) {
            return parser.parse(text, location.display());
        }
        Map<String, Object[]> parseCache = caches.parses;
        Object[] hit = parseCache.get(location.key());
        if (hit != null && hit[0].equals(text)) {
            if (hit[1] instanceof WdlException e) {
                throw e;
            }
            return (Document) hit[1];
        }
        try {
            Document d = parser.parse(text, location.display());
            parseCache.put(location.key(), new Object[] {text, d});
            return d;
        } catch (WdlException e) {
            parseCache.put(location.key(), new Object[] {text, e});
            throw e;
        }
    }

    /** A local WDL file, a bundle zip (recognised by its content), or an http(s) URL. */
    public DocumentGraph load(String pathOrUrl) {
        SourceLocation main;
        try {
            if (!SourceLocation.isUrl(pathOrUrl) && !pathOrUrl.startsWith("file:")) {
                Path p = Path.of(pathOrUrl);
                if (Files.isRegularFile(p) && BundleArchive.looksLikeZip(p)) {
                    return loadBundle(p);
                }
            }
            main = SourceLocation.of(pathOrUrl, fetcher);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new WdlException(new SourcePos(pathOrUrl, 1, 1), "cannot read WDL document: " + e.getMessage());
        }
        return load(main);
    }

    public DocumentGraph loadBundle(Path zip) {
        BundleArchive archive;
        try {
            archive = BundleArchive.read(zip, fetcher);
        } catch (IOException e) {
            throw new WdlException(new SourcePos(zip.toString(), 1, 1), "cannot read bundle: " + e.getMessage());
        }
        return load(archive.mainLocation());
    }

    public DocumentGraph load(SourceLocation main) {
        Run run = new Run();
        String text;
        try {
            text = read(main);
        } catch (IOException e) {
            throw new WdlException(new SourcePos(main.display(), 1, 1), "cannot read WDL document: " + e.getMessage());
        }
        LoadedDocument loaded = run.visit(main, text, new ArrayList<>());
        if (!run.diagnostics.isEmpty()) {
            throw new WdlException(sorted(run.diagnostics));
        }
        return new DocumentGraph(loaded, List.copyOf(run.order));
    }

    static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
        List<Diagnostic> copy = new ArrayList<>(diagnostics);
        copy.sort(DIAGNOSTIC_ORDER);
        return copy;
    }

    /** By file, then line, then column; stable for equal positions. */
    public static final java.util.Comparator<Diagnostic> DIAGNOSTIC_ORDER = java.util.Comparator
            .comparing((Diagnostic d) -> d.pos().file())
            .thenComparingInt(d -> d.pos().line())
            .thenComparingInt(d -> d.pos().column());

    /** State of one load: documents done, diagnostics so far. */
    private final class Run {
        final Map<String, LoadedDocument> done = new HashMap<>();
        final List<LoadedDocument> order = new ArrayList<>();
        final List<Diagnostic> diagnostics = new ArrayList<>();

        /** {@code stack}: the chain of documents importing this one, for cycle detection. Null when it fails to parse. */
        LoadedDocument visit(SourceLocation location, String text, List<SourceLocation> stack) {
            LoadedDocument cached = caches == null ? null : caches.clean.get(location.key());
            if (cached != null && cached.text.equals(text) && adoptable(cached)) {
                adopt(cached);
                return cached;
            }
            int problemsBefore = diagnostics.size();
            Document doc;
            try {
                doc = parse(location, text);
            } catch (WdlException e) {
                diagnostics.addAll(e.diagnostics());
                done.put(location.key(), null);
                return null;
            }
            stack.add(location);
            Map<String, LoadedDocument.Imported> imports = new LinkedHashMap<>();
            for (Import imp : doc.imports()) {
                LoadedDocument child = importOne(location, imp, stack);
                String ns = imp.effectiveNamespace();
                if (imports.containsKey(ns)) {
                    diagnostics.add(Diagnostic.error(imp.pos(), "duplicate import namespace " + ns,
                            "add `as <name>` to give one of the imports another namespace"));
                } else if (child != null) {
                    imports.put(ns, new LoadedDocument.Imported(imp, child));
                }
            }
            stack.remove(stack.size() - 1);
            LoadedDocument loaded = new LoadedDocument(location, doc, imports, text);
            done.put(location.key(), loaded);
            order.add(loaded);
            if (caches != null && diagnostics.size() == problemsBefore) {
                caches.clean.put(location.key(), loaded);
            }
            return loaded;
        }

        /**
         * A cached tree can be reused when none of its documents was loaded differently in this run and none of its
         * imports changed since (their texts are the cache's: a {@code stat} each, not a read).
         */
        private boolean adoptable(LoadedDocument d) {
            String key = d.location().key();
            if (done.containsKey(key)) {
                return done.get(key) == d;
            }
            try {
                if (!read(d.location()).equals(d.text)) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
            for (LoadedDocument.Imported i : d.imports().values()) {
                if (!adoptable(i.document())) {
                    return false;
                }
            }
            return true;
        }

        /** Adds a reused tree to this run, imports before importers. */
        private void adopt(LoadedDocument d) {
            if (done.containsKey(d.location().key())) {
                return;
            }
            for (LoadedDocument.Imported i : d.imports().values()) {
                adopt(i.document());
            }
            done.put(d.location().key(), d);
            order.add(d);
        }

        /**
         * Why a read failed, in words: the first message along the causes (the HTTP client's connection errors carry
         * none at the top), with the exception's kind when it alone says what happened.
         */
        private static String why(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.ConnectException && (t.getMessage() == null || t.getMessage().isBlank())) {
                    return "cannot connect (connection refused, or the host is unreachable)";
                }
                String m = t.getMessage();
                if (m != null && !m.isBlank()) {
                    return t instanceof java.io.FileNotFoundException || t instanceof java.nio.file.NoSuchFileException
                            || t == e && t instanceof IOException && t.getClass() == IOException.class
                            ? m : t.getClass().getSimpleName() + ": " + m;
                }
            }
            return e.getClass().getSimpleName() + " (no further detail)";
        }

        private LoadedDocument importOne(SourceLocation from, Import imp, List<SourceLocation> stack) {
            SourceLocation target;
            try {
                target = searchImportPath(from.resolve(imp.uri()), imp.uri());
            } catch (IOException | RuntimeException e) {
                diagnostics.add(Diagnostic.error(imp.pos(), "cannot import \"" + imp.uri() + "\": " + why(e)));
                return null;
            }
            for (int i = 0; i < stack.size(); i++) {
                if (stack.get(i).key().equals(target.key())) {
                    StringBuilder cycle = new StringBuilder();
                    for (int j = i; j < stack.size(); j++) {
                        cycle.append(stack.get(j).display()).append(" -> ");
                    }
                    cycle.append(target.display());
                    diagnostics.add(Diagnostic.error(imp.pos(), "cyclic import: " + cycle));
                    return null;
                }
            }
            if (done.containsKey(target.key())) {
                return done.get(target.key());
            }
            String text;
            try {
                text = read(target);
            } catch (IOException | RuntimeException e) {
                boolean remote = imp.uri().startsWith("http://") || imp.uri().startsWith("https://");
                diagnostics.add(Diagnostic.error(imp.pos(), "cannot import \"" + imp.uri() + "\": " + why(e),
                        remote ? "check the URL, and that this machine reaches it (a proxy? HTTPS_PROXY)"
                                : importPath.isEmpty()
                                ? "imports are resolved relative to the directory of the importing file"
                                : "imports are resolved relative to the directory of the importing file, then in "
                                        + importPath));
                done.put(target.key(), null);
                return null;
            }
            return visit(target, text, stack);
        }
    }
}
