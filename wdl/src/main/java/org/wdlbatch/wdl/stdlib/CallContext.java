package org.wdlbatch.wdl.stdlib;

import org.wdlbatch.wdl.ast.Version;

/** What a standard library function may use at runtime: the document's version and file access. */
public record CallContext(Version version, FileAccess files) {}
