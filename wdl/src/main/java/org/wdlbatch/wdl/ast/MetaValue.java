package org.wdlbatch.wdl.ast;

import java.util.List;
import java.util.Map;

/** A value in {@code meta} / {@code parameter_meta}: JSON-like literals, never evaluated. */
public sealed interface MetaValue {

    record MetaString(String value) implements MetaValue {}

    record MetaInt(long value) implements MetaValue {}

    record MetaFloat(double value) implements MetaValue {}

    record MetaBool(boolean value) implements MetaValue {}

    record MetaNull() implements MetaValue {}

    record MetaArray(List<MetaValue> items) implements MetaValue {}

    record MetaObject(Map<String, MetaValue> fields) implements MetaValue {}
}
