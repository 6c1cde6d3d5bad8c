package org.wdlbatch.wdl.ast;

import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.source.SourcePos;

/**
 * A workflow.
 *
 * @param inputs the {@code input} section, or null when absent (draft-2: unbound body declarations are inputs)
 * @param body declarations, calls, scatters and conditionals in source order
 * @param outputs the {@code output} section, or null when absent (then, as in miniwdl and Cromwell, every call
 *     output is a workflow output); draft-2 wildcard outputs ({@code call.*}) are expanded by the type checker
 *     from {@link #legacyOutputs}
 * @param legacyOutputs draft-2 output lines of the form {@code call.out} or {@code call.*}, dotted names
 */
public record WorkflowDef(
        SourcePos pos,
        String name,
        List<Declaration> inputs,
        List<WorkflowElement> body,
        List<Declaration> outputs,
        List<LegacyOutput> legacyOutputs,
        Map<String, MetaValue> meta,
        Map<String, MetaValue> parameterMeta,
        Map<String, Expr> hints) {

    /** A draft-2 output line {@code call.out} or {@code call.*}. */
    public record LegacyOutput(SourcePos pos, List<String> name, boolean wildcard) {}
}
