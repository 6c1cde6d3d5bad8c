package org.wdlbatch.wdl.ast;

import java.util.List;
import org.wdlbatch.wdl.source.SourcePos;

/**
 * A task's {@code command { ... }} or {@code command <<< ... >>>}. Parts keep the text verbatim (including the
 * leading newline and indentation); the runtime strips common leading whitespace after the version's rules.
 * In a heredoc command only {@code ~{}} is a placeholder; in a brace command {@code ${}} is one too.
 */
public record CommandSection(SourcePos pos, List<StringPart> parts, boolean heredoc) {}
