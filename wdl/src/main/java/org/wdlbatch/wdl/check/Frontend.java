package org.wdlbatch.wdl.check;

import org.wdlbatch.wdl.load.DocumentGraph;
import org.wdlbatch.wdl.load.DocumentLoader;
import org.wdlbatch.wdl.load.HttpSourceFetcher;
import org.wdlbatch.wdl.load.SourceFetcher;
import org.wdlbatch.wdl.syntax.Parser;

/**
 * The WDL front end in one call: load (parse the document and its imports) and type-check. One instance parses and
 * checks each unchanged file once, also across several {@link #check} calls (so checking 93 workflows sharing task
 * files is fast); each file is read once (re-read only when it changed).
 */
public final class Frontend {

    private final DocumentLoader loader;
    private final CheckCache checked = new CheckCache();

    public Frontend(SourceFetcher fetcher) {
        this.loader = new DocumentLoader(Parser::parseDocument, fetcher).cachingParses();
    }

    /**
     * With the default http fetcher, texts and parses are the process's ({@link DocumentLoader.Caches#processWide}):
     * a submission that bundles and then checks, or a run that loads and then checks, reads and parses each file
     * once although each step makes its own front end.
     */
    public Frontend() {
        this.loader = new DocumentLoader(Parser::parseDocument, new HttpSourceFetcher())
                .cachingIn(DocumentLoader.Caches.processWide());
    }

    /** @param importPath folders searched for local imports not found next to the importing file ({@code -p}) */
    public Frontend(java.util.List<java.nio.file.Path> importPath) {
        this(new HttpSourceFetcher());
        loader.importPath(importPath);
    }

    public DocumentGraph load(String pathOrUrl) {
        return loader.load(pathOrUrl);
    }

    /** @throws org.wdlbatch.wdl.source.WdlException with every problem of the document and its imports */
    public CheckedDocument check(String pathOrUrl) {
        return TypeChecker.check(loader.load(pathOrUrl), checked);
    }
}
