package org.wdlbatch.wdl.check;

import java.util.IdentityHashMap;
import java.util.Map;
import org.wdlbatch.wdl.load.LoadedDocument;

/**
 * Checked documents kept across {@link TypeChecker#check(org.wdlbatch.wdl.load.DocumentGraph, CheckCache)} calls,
 * for documents that checked without a problem. Paired with a caching {@link org.wdlbatch.wdl.load.DocumentLoader},
 * which hands out the same {@link LoadedDocument} for an unchanged import tree, a task file shared by many checked
 * workflows is type-checked once.
 */
public final class CheckCache {

    final Map<LoadedDocument, CheckedDocument> documents = new IdentityHashMap<>();
}
