package org.wdlbatch.engine.task;

/**
 * A problem with an input file (missing, not downloadable) or an input declaration (missing, in a cycle): the call
 * fails as an InputError, before anything is submitted.
 */
final class InputProblem extends RuntimeException {

    InputProblem(String message) {
        super(message);
    }
}
