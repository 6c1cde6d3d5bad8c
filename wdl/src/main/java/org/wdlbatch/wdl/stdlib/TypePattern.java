package org.wdlbatch.wdl.stdlib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.types.Type;

/**
 * A parameter or result type of a standard library signature, possibly generic: {@code X}, {@code Y} (any type),
 * {@code P} (a primitive type), {@code Struct} (any struct), or a concrete type built from them
 * ({@code Array[Pair[X,Y]]+}, {@code File?}). Written as the spec writes them and parsed by {@link #parse}.
 */
sealed interface TypePattern {

    boolean optional();

    /**
     * A concrete type such as {@code Int}, {@code File?}, {@code Object}. {@code exact} (written {@code String!})
     * refuses the Int/Float-to-String leniency, where that would make a variant match by accident
     * ({@code length(String)} must not take an Int).
     */
    record Concrete(Type type, boolean exact) implements TypePattern {
        Concrete(Type type) {
            this(type, false);
        }

        public boolean optional() { return type.optional(); }
        @Override public String toString() { return type.toString(); }
    }

    /** A type variable; {@code primitive} restricts it to primitive types (the spec's {@code P}). */
    record Var(String name, boolean primitive, boolean optional) implements TypePattern {
        @Override public String toString() { return name + (optional ? "?" : ""); }
    }

    record Arr(TypePattern item, boolean nonEmpty, boolean optional) implements TypePattern {
        @Override public String toString() { return "Array[" + item + "]" + (nonEmpty ? "+" : "") + (optional ? "?" : ""); }
    }

    record MapOf(TypePattern key, TypePattern value, boolean optional) implements TypePattern {
        @Override public String toString() { return "Map[" + key + ", " + value + "]" + (optional ? "?" : ""); }
    }

    record PairOf(TypePattern left, TypePattern right, boolean optional) implements TypePattern {
        @Override public String toString() { return "Pair[" + left + ", " + right + "]" + (optional ? "?" : ""); }
    }

    /** Any struct type. */
    record AnyStruct(boolean optional) implements TypePattern {
        @Override public String toString() { return "Struct" + (optional ? "?" : ""); }
    }

    /** The type with variables replaced by their bindings (unbound ones by {@code Any}). */
    default Type instantiate(Map<String, Type> bindings) {
        if (this instanceof Concrete c) {
            return c.type();
        }
        if (this instanceof Var v) {
            Type t = bindings.getOrDefault(v.name(), Type.ANY);
            return v.optional() ? t.asOptional() : t;
        }
        if (this instanceof Arr a) {
            return new Type.ArrayType(a.item().instantiate(bindings), a.nonEmpty(), a.optional());
        }
        if (this instanceof MapOf m) {
            return new Type.MapType(m.key().instantiate(bindings), m.value().instantiate(bindings), m.optional());
        }
        if (this instanceof PairOf p) {
            return new Type.PairType(p.left().instantiate(bindings), p.right().instantiate(bindings), p.optional());
        }
        return new Type.AnyType(optional());
    }

    // ---- parsing -------------------------------------------------------------------------------------------

    static TypePattern parse(String text) {
        Parser p = new Parser(text);
        TypePattern t = p.type();
        p.expectEnd();
        return t;
    }

    static List<TypePattern> parseList(String text) {
        List<TypePattern> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        Parser p = new Parser(text);
        out.add(p.type());
        while (p.eat(',')) {
            out.add(p.type());
        }
        p.expectEnd();
        return out;
    }

    final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        private void ws() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        boolean eat(char c) {
            ws();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!eat(c)) {
                throw new IllegalArgumentException("bad signature '" + s + "' at " + i + ": expected " + c);
            }
        }

        void expectEnd() {
            ws();
            if (i != s.length()) {
                throw new IllegalArgumentException("bad signature '" + s + "' at " + i);
            }
        }

        TypePattern type() {
            ws();
            int start = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String name = s.substring(start, i);
            TypePattern t;
            switch (name) {
                case "Array" -> {
                    expect('[');
                    TypePattern item = type();
                    expect(']');
                    boolean plus = eat('+');
                    return new Arr(item, plus, eat('?'));
                }
                case "Map" -> {
                    expect('[');
                    TypePattern k = type();
                    expect(',');
                    TypePattern v = type();
                    expect(']');
                    return new MapOf(k, v, eat('?'));
                }
                case "Pair" -> {
                    expect('[');
                    TypePattern l = type();
                    expect(',');
                    TypePattern r = type();
                    expect(']');
                    return new PairOf(l, r, eat('?'));
                }
                default -> {
                    boolean exact = eat('!');
                    boolean opt = eat('?');
                    t = switch (name) {
                        case "Int" -> new Concrete(new Type.IntType(opt));
                        case "Float" -> new Concrete(new Type.FloatType(opt));
                        case "Boolean" -> new Concrete(new Type.BooleanType(opt));
                        case "String" -> new Concrete(new Type.StringType(opt), exact);
                        case "File" -> new Concrete(new Type.FileType(opt));
                        case "Directory" -> new Concrete(new Type.DirectoryType(opt));
                        case "Object" -> new Concrete(new Type.ObjectType(opt));
                        case "Any" -> new Concrete(new Type.AnyType(opt));
                        case "Struct" -> new AnyStruct(opt);
                        case "P" -> new Var("P", true, opt);
                        case "X", "Y", "K", "V" -> new Var(name, false, opt);
                        default -> throw new IllegalArgumentException("bad signature '" + s + "': " + name);
                    };
                    return t;
                }
            }
        }
    }
}
