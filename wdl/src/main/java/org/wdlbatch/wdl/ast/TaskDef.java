package org.wdlbatch.wdl.ast;

import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.source.SourcePos;

/**
 * A task.
 *
 * @param inputs the {@code input} section, or null when the task has none (draft-2, where every declaration
 *     before the command is an input, or a 1.x task without inputs)
 * @param declarations private declarations outside the input section, in source order (in draft-2 these are the
 *     declarations, which are also the inputs)
 * @param outputs the {@code output} section, empty when absent
 * @param runtime {@code runtime} section keys in source order
 * @param requirements 1.2 {@code requirements} section
 * @param hints 1.2 {@code hints} section (values are expressions; objects as {@link Expr.ObjectLit})
 */
public record TaskDef(
        SourcePos pos,
        String name,
        List<Declaration> inputs,
        List<Declaration> declarations,
        CommandSection command,
        List<Declaration> outputs,
        Map<String, Expr> runtime,
        Map<String, Expr> requirements,
        Map<String, Expr> hints,
        Map<String, MetaValue> meta,
        Map<String, MetaValue> parameterMeta) {}
