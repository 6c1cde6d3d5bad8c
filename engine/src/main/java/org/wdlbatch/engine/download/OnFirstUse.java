package org.wdlbatch.engine.download;

import java.util.function.Supplier;

/** A value made by the first {@link #get}, once, however many threads ask at the same time. */
final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<T> make;
    private volatile T made;

    OnFirstUse(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T v = made;
        if (v == null) {
            synchronized (this) {
                v = made;
                if (v == null) {
                    v = make.get();
                    made = v;
                }
            }
        }
        return v;
    }

    /** Whether the value was made (for tests). */
    boolean made() {
        return made != null;
    }
}
