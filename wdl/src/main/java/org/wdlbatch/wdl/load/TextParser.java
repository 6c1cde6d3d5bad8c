package org.wdlbatch.wdl.load;

import org.wdlbatch.wdl.ast.Document;

/** Text to AST; the loader's only dependency on the parser (tests may pass their own). */
@FunctionalInterface
public interface TextParser {

    /** @throws org.wdlbatch.wdl.source.WdlException on syntax errors */
    Document parse(String text, String uri);
}
