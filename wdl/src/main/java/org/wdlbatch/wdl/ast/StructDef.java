package org.wdlbatch.wdl.ast;

import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.types.Type;

/** {@code struct Name { Type member ... }} (1.0+; meta sections in 1.2). */
public record StructDef(
        SourcePos pos,
        String name,
        List<Member> members,
        Map<String, MetaValue> meta,
        Map<String, MetaValue> parameterMeta) {

    public record Member(SourcePos pos, Type type, String name) {}
}
