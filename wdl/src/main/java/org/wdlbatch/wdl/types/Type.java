package org.wdlbatch.wdl.types;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * WDL types. Every type knows whether it is optional ({@code ?}); {@link #toString()} prints WDL syntax
 * ({@code Array[File]+?}, {@code Map[String,Int]}).
 *
 * <p>{@link AnyType} is the type of {@code None} and of the items of an empty array literal {@code []}: it
 * coerces to anything. {@link StructType} is created by the parser with {@code members == null}; the type checker
 * replaces it with one whose members are resolved.
 */
public sealed interface Type {

    boolean optional();

    /** This type with the {@code ?} quantifier set or cleared. */
    Type withOptional(boolean optional);

    default Type asOptional() {
        return withOptional(true);
    }

    default Type asRequired() {
        return withOptional(false);
    }

    /** Int, Float, Boolean, String, File or Directory. */
    default boolean isPrimitive() {
        return this instanceof IntType || this instanceof FloatType || this instanceof BooleanType
                || this instanceof StringType || this instanceof FileType || this instanceof DirectoryType;
    }

    private static String q(boolean optional) {
        return optional ? "?" : "";
    }

    record IntType(boolean optional) implements Type {
        public Type withOptional(boolean o) { return new IntType(o); }
        @Override public String toString() { return "Int" + q(optional); }
    }

    record FloatType(boolean optional) implements Type {
        public Type withOptional(boolean o) { return new FloatType(o); }
        @Override public String toString() { return "Float" + q(optional); }
    }

    record BooleanType(boolean optional) implements Type {
        public Type withOptional(boolean o) { return new BooleanType(o); }
        @Override public String toString() { return "Boolean" + q(optional); }
    }

    record StringType(boolean optional) implements Type {
        public Type withOptional(boolean o) { return new StringType(o); }
        @Override public String toString() { return "String" + q(optional); }
    }

    record FileType(boolean optional) implements Type {
        public Type withOptional(boolean o) { return new FileType(o); }
        @Override public String toString() { return "File" + q(optional); }
    }

    record DirectoryType(boolean optional) implements Type {
        public Type withOptional(boolean o) { return new DirectoryType(o); }
        @Override public String toString() { return "Directory" + q(optional); }
    }

    /** {@code Array[item]}, {@code +} when {@code nonEmpty}. */
    record ArrayType(Type item, boolean nonEmpty, boolean optional) implements Type {
        public Type withOptional(boolean o) { return new ArrayType(item, nonEmpty, o); }
        @Override public String toString() { return "Array[" + item + "]" + (nonEmpty ? "+" : "") + q(optional); }
    }

    record MapType(Type key, Type value, boolean optional) implements Type {
        public Type withOptional(boolean o) { return new MapType(key, value, o); }
        @Override public String toString() { return "Map[" + key + "," + value + "]" + q(optional); }
    }

    record PairType(Type left, Type right, boolean optional) implements Type {
        public Type withOptional(boolean o) { return new PairType(left, right, o); }
        @Override public String toString() { return "Pair[" + left + "," + right + "]" + q(optional); }
    }

    /** The legacy {@code Object} type: string keys, values of any type. */
    record ObjectType(boolean optional) implements Type {
        public Type withOptional(boolean o) { return new ObjectType(o); }
        @Override public String toString() { return "Object" + q(optional); }
    }

    /**
     * A struct, by name. {@code members} (in declaration order) is null until the type checker resolves the name.
     */
    record StructType(String name, Map<String, Type> members, boolean optional) implements Type {
        public Type withOptional(boolean o) { return new StructType(name, members, o); }
        @Override public String toString() { return name + q(optional); }

        /** Members spelled out, for messages: {@code Sample{name: String, bam: File}}. */
        public String describe() {
            if (members == null) {
                return name;
            }
            return name + members.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** The type of {@code None} and of {@code []}'s items; coerces to every type. */
    record AnyType(boolean optional) implements Type {
        public Type withOptional(boolean o) { return new AnyType(o); }
        @Override public String toString() { return "Any" + q(optional); }
    }

    // Shorthands for the common required types.
    Type INT = new IntType(false);
    Type FLOAT = new FloatType(false);
    Type BOOLEAN = new BooleanType(false);
    Type STRING = new StringType(false);
    Type FILE = new FileType(false);
    Type DIRECTORY = new DirectoryType(false);
    Type OBJECT = new ObjectType(false);
    Type ANY = new AnyType(false);
    Type NONE = new AnyType(true);

    static ArrayType arrayOf(Type item) {
        return new ArrayType(item, false, false);
    }

    static MapType mapOf(Type key, Type value) {
        return new MapType(key, value, false);
    }

    static PairType pairOf(Type left, Type right) {
        return new PairType(left, right, false);
    }
}
