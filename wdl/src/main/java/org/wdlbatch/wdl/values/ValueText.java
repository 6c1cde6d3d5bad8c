package org.wdlbatch.wdl.values;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.json.JsonText;

/**
 * Values given as text on a command line ({@code wdlbatch run wf.wdl name=value}): primitives as written
 * ({@code n=3}, {@code f=/data/a.bam}, {@code flag=true}), compound values as JSON ({@code m={"a":1}}), arrays either
 * as JSON or by repeating the key ({@code xs=a xs=b}). Errors name the input:
 * {@code wf.n: expected Int, got "three"}.
 */
public final class ValueText {

    private ValueText() {}

    /** One {@code name=text} value of declared type {@code type}. */
    public static Value parse(String text, Type type, String name) {
        try {
            return parse(text, type);
        } catch (CoercionException e) {
            throw e.within(name);
        }
    }

    /**
     * The values given for one input, in order: several for an array type (each an item, or a JSON array when only
     * one is given and it starts with {@code [}), exactly one otherwise.
     */
    public static Value parseAll(List<String> texts, Type type, String name) {
        if (texts.isEmpty()) {
            throw new CoercionException(name + ": no value given");
        }
        Type required = type.asRequired();
        if (required instanceof Type.ArrayType at
                && (texts.size() > 1 || !texts.get(0).trim().startsWith("["))) {
            List<Value> items = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                try {
                    items.add(parse(texts.get(i), at.item()));
                } catch (CoercionException e) {
                    throw e.within(name + "[" + i + "]");
                }
            }
            return Coercion.coerce(ArrayValue.of(at.item(), items), type);
        }
        if (texts.size() > 1) {
            throw new CoercionException(name + ": given " + texts.size() + " times, but it is a " + type
                    + ", not an Array");
        }
        return parse(texts.get(0), type, name);
    }

    private static Value parse(String text, Type type) {
        if (type instanceof Type.AnyType) {
            return new StringValue(text);
        }
        if (type.optional() && (text.equals("null") || text.equals("None"))) {
            return Value.NONE;
        }
        Type t = type.asRequired();
        if (t instanceof Type.StringType) {
            return new StringValue(text);
        }
        if (t instanceof Type.FileType) {
            return new FileValue(text);
        }
        if (t instanceof Type.DirectoryType) {
            return new DirectoryValue(text);
        }
        if (t instanceof Type.IntType) {
            try {
                return new IntValue(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                throw mismatch(type, text);
            }
        }
        if (t instanceof Type.FloatType) {
            try {
                return new FloatValue(Double.parseDouble(text.trim()));
            } catch (NumberFormatException e) {
                throw mismatch(type, text);
            }
        }
        if (t instanceof Type.BooleanType) {
            String b = text.trim().toLowerCase(Locale.ROOT);
            if (b.equals("true") || b.equals("false")) {
                return BooleanValue.of(b.equals("true"));
            }
            throw mismatch(type, text);
        }
        JsonNode node;
        try {
            node = JsonText.read(text);
        } catch (JsonProcessingException e) {
            throw new CoercionException("expected " + type + " written as JSON, got " + shorten(text)
                    + " (" + e.getOriginalMessage() + ")");
        }
        return ValueJson.fromJson(node, type);
    }

    private static CoercionException mismatch(Type type, String text) {
        return new CoercionException("expected " + type + ", got " + shorten(text));
    }

    private static String shorten(String text) {
        String s = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return "\"" + s + "\"";
    }
}
