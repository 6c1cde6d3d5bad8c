package org.wdlbatch.wdl.stdlib;

/**
 * A standard library call whose arguments do not fit the function's signature. The type checker turns it into a
 * diagnostic at the call's position; {@code argument} is the 0-based index of the offending argument, or -1.
 */
public class FunctionTypeException extends RuntimeException {

    private final int argument;

    public FunctionTypeException(String message, int argument) {
        super(message);
        this.argument = argument;
    }

    public FunctionTypeException(String message) {
        this(message, -1);
    }

    public int argument() {
        return argument;
    }
}
