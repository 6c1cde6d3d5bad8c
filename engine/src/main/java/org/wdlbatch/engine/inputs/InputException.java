package org.wdlbatch.engine.inputs;

/** Bad run inputs, found before anything runs: the message names the input and what to do. Exit status 2. */
public class InputException extends RuntimeException {

    public InputException(String message) {
        super(message);
    }
}
