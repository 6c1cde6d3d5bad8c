package org.wdlbatch.wdl.ast;

import java.util.List;
import org.wdlbatch.wdl.source.SourcePos;

/**
 * One parsed WDL file. {@code uri} is how it was found (a path or URL); imports are resolved relative to it.
 * {@code workflow} is null for a file of tasks only.
 */
public record Document(
        String uri,
        Version version,
        List<Import> imports,
        List<StructDef> structs,
        List<TaskDef> tasks,
        WorkflowDef workflow,
        SourcePos pos) {

    public TaskDef task(String name) {
        for (TaskDef t : tasks) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
