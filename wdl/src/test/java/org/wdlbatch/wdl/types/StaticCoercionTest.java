package org.wdlbatch.wdl.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wdlbatch.wdl.types.StaticCoercion.Mode.CHECKER;
import static org.wdlbatch.wdl.types.StaticCoercion.Mode.OVERLOAD;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one static coercion table in its two modes. The rows where the modes disagree are the ones the checker's
 * {@code Coercion} and the standard library's {@code Signature.coercible} used to disagree on, each on purpose: the
 * checker accepts what miniwdl and Cromwell run; overload matching picks a signature by the argument's own type.
 */
class StaticCoercionTest {

    private record Row(Type from, Type to, boolean checker, boolean overload, String why) {}

    private static Type.StructType struct(String name, Object... memberThenType) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < memberThenType.length; i += 2) {
            m.put((String) memberThenType[i], (Type) memberThenType[i + 1]);
        }
        return new Type.StructType(name, m, false);
    }

    private static final List<Row> TABLE = List.of(
            // where both agree
            new Row(Type.INT, Type.FLOAT, true, true, "Int to Float"),
            new Row(Type.FLOAT, Type.INT, false, false, "never Float to Int statically"),
            new Row(Type.STRING, Type.FILE, true, true, "String to File"),
            new Row(Type.FILE, Type.STRING, true, true, "File to String"),
            new Row(Type.FILE, Type.DIRECTORY, false, false, "File is not a Directory"),
            new Row(Type.INT, Type.STRING, true, true, "Int to String"),
            new Row(Type.arrayOf(Type.INT), Type.arrayOf(Type.FLOAT), true, true, "element-wise"),
            new Row(Type.pairOf(Type.INT, Type.STRING), Type.pairOf(Type.FLOAT, Type.FILE), true, true, "pair-wise"),
            new Row(struct("S", "a", Type.INT), Type.OBJECT, true, true, "struct to Object"),
            new Row(Type.mapOf(Type.STRING, Type.INT), Type.OBJECT, true, true, "Map to Object"),
            new Row(Type.BOOLEAN, Type.INT, false, false, "no Boolean arithmetic"),
            // the old disagreements
            new Row(Type.INT.asOptional(), Type.INT, true, false, "T? to T: run-time check vs. strict quantifier"),
            new Row(Type.NONE, Type.INT, true, false, "None to a required place"),
            new Row(Type.STRING, Type.INT, true, false, "String to Int parses at run time (miniwdl)"),
            new Row(Type.STRING, Type.FLOAT, true, false, "String to Float parses at run time (miniwdl)"),
            new Row(Type.STRING, Type.BOOLEAN, true, false, "String to Boolean parses at run time"),
            new Row(Type.BOOLEAN, Type.STRING, true, false, "Boolean to String: interpolation, not overloads"),
            new Row(Type.arrayOf(Type.INT), Type.STRING, true, false, "draft-2 array interpolation"),
            new Row(Type.OBJECT, Type.OBJECT, true, true, "Object to Object"),
            new Row(struct("S", "a", Type.BOOLEAN), Type.mapOf(Type.STRING, Type.INT), false, true,
                    "struct to Map: the checker looks at member types"),
            new Row(struct("A", "a", Type.INT), struct("B", "a", Type.STRING), false, true,
                    "structs: the checker compares member types, overloads member names"),
            new Row(Type.mapOf(Type.STRING, Type.BOOLEAN), struct("S", "a", Type.INT), false, true,
                    "Map to struct: the checker looks at member types"),
            new Row(struct("A", "a", Type.INT), struct("B", "a", Type.INT), true, true, "an aliased struct"));

    @Test
    void theTableInBothModes() {
        for (Row r : TABLE) {
            assertThat(StaticCoercion.coerces(r.from(), r.to(), CHECKER)).as("checker: %s (%s -> %s)", r.why(),
                    r.from(), r.to()).isEqualTo(r.checker());
            assertThat(StaticCoercion.coerces(r.from(), r.to(), OVERLOAD)).as("overload: %s (%s -> %s)", r.why(),
                    r.from(), r.to()).isEqualTo(r.overload());
        }
    }

    @Test
    void overloadMatchingIsNeverLooserOnPrimitivesThanTheChecker() {
        List<Type> primitives = List.of(Type.INT, Type.FLOAT, Type.BOOLEAN, Type.STRING, Type.FILE, Type.DIRECTORY);
        for (Type from : primitives) {
            for (Type to : primitives) {
                if (StaticCoercion.coerces(from, to, OVERLOAD)) {
                    assertThat(StaticCoercion.coerces(from, to, CHECKER)).as("%s -> %s", from, to).isTrue();
                }
            }
        }
    }

    @Test
    void equalIsTheRecordsOwnEquality() {
        for (Type a : sampleTypes()) {
            for (Type b : sampleTypes()) {
                assertThat(StaticCoercion.equal(a, b)).as("%s vs %s", a, b).isEqualTo(a.equals(b));
            }
        }
    }

    @Test
    void sameTypeIsEqualityWithStructsByTheirMembers() {
        for (Type a : sampleTypes()) {
            for (Type b : sampleTypes()) {
                boolean structs = a instanceof Type.StructType sa && b instanceof Type.StructType sb
                        && sa.optional() == sb.optional() && sa.members().equals(sb.members());
                assertThat(StaticCoercion.sameType(a, b)).as("%s vs %s", a, b).isEqualTo(a.equals(b) || structs);
            }
        }
        assertThat(StaticCoercion.sameType(new Type.ArrayType(struct("S", "a", Type.INT), false, false),
                new Type.ArrayType(struct("Alias", "a", Type.INT), false, false))).isTrue();
    }

    private static List<Type> sampleTypes() {
        List<Type> types = new java.util.ArrayList<>();
        for (Type t : List.of(Type.INT, Type.FLOAT, Type.BOOLEAN, Type.STRING, Type.FILE, Type.DIRECTORY,
                new Type.ObjectType(false), new Type.AnyType(false), new Type.ArrayType(Type.INT, false, false),
                new Type.ArrayType(Type.INT, true, false), new Type.ArrayType(Type.STRING, false, false),
                Type.mapOf(Type.STRING, Type.INT), Type.mapOf(Type.STRING, Type.FLOAT),
                new Type.PairType(Type.INT, Type.FILE, false), new Type.PairType(Type.FILE, Type.INT, false),
                struct("S", "a", Type.INT), struct("S", "a", Type.STRING), struct("T", "a", Type.INT))) {
            types.add(t);
            types.add(t.asOptional());
            types.add(t.withOptional(t.optional())); // an equal copy, not the same object
        }
        return types;
    }
}
