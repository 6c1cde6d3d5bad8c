package org.wdlbatch.wdl.load;

import java.util.List;

/**
 * The main document and everything it imports, each document once. {@code documents} lists them in load order,
 * imported documents before the documents that import them, the main document last.
 */
public record DocumentGraph(LoadedDocument main, List<LoadedDocument> documents) {}
