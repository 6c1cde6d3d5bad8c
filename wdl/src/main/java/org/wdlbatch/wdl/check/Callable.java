package org.wdlbatch.wdl.check;

import java.util.Map;

/** What a call can target: a checked task or a checked workflow. Maps keep declaration order. */
public sealed interface Callable permits CheckedTask, CheckedWorkflow {

    String name();

    Map<String, InputParam> inputs();

    /** Output types by name; a workflow without an output section exposes {@code call.out} names. */
    Map<String, org.wdlbatch.wdl.types.Type> outputs();

    /** The checked document this callable is defined in. */
    CheckedDocument document();
}
