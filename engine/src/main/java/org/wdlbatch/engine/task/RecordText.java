package org.wdlbatch.engine.task;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The text a record's own {@code toString} gives ({@code Name[a=1, b=[x, y]]}, nested records and the JDK's
 * collections alike), made by reading the components through reflection. A task's digest is the SHA-256 of this
 * text of its definition ({@link TaskDigests}), so it must not change; {@code RecordTextTest} compares it with
 * {@code toString} for every task and document of the test corpora. Why not {@code toString}: each record class's
 * implicit {@code toString} is an invokedynamic linked at its first call, and the first of every shape spins
 * method-handle classes, about 60 in every run for the records of a task's syntax tree. A record that declares its
 * own {@code toString} (which is then not {@code final}, unlike the implicit one) is asked for it.
 */
final class RecordText {

    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
            }
            return accessors;
        }
    };

    private static final ClassValue<Boolean> IMPLICIT_TO_STRING = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return Modifier.isFinal(type.getDeclaredMethod("toString").getModifiers());
            } catch (NoSuchMethodException e) {
                return false; // every record declares one, implicitly or not
            }
        }
    };

    private RecordText() {}

    static String of(Object value) {
        StringBuilder sb = new StringBuilder(4096);
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value instanceof Record r && IMPLICIT_TO_STRING.get(r.getClass())) {
            sb.append(r.getClass().getSimpleName()).append('[');
            Method[] accessors = ACCESSORS.get(r.getClass());
            for (int i = 0; i < accessors.length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(accessors[i].getName()).append('=');
                try {
                    append(sb, accessors[i].invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + accessors[i], e);
                }
            }
            sb.append(']');
        } else if (value instanceof Collection<?> c) { // AbstractCollection.toString
            sb.append('[');
            for (Iterator<?> it = c.iterator(); it.hasNext();) {
                append(sb, it.next());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> m) { // AbstractMap.toString
            sb.append('{');
            for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext();) {
                Map.Entry<?, ?> e = it.next();
                append(sb, e.getKey());
                sb.append('=');
                append(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else if (value instanceof Optional<?> o) {
            if (o.isPresent()) {
                sb.append("Optional[");
                append(sb, o.get());
                sb.append(']');
            } else {
                sb.append("Optional.empty");
            }
        } else {
            sb.append(value);
        }
    }
}
