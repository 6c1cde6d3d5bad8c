package org.wdlbatch.engine.task;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The directories a call needs before its inputs are linked: the task directory and its {@code work/}. */
final class CallDirectories {

    private CallDirectories() {}

    /**
     * The task directory, and its {@code work/} unless the backend creates that where the task runs: one or two
     * mkdir calls in the usual case. {@code Files.createDirectories} would first fail on {@code work/}, probe the
     * parents and build exceptions on the way; at thousands of calls (and on EFS, where every metadata operation is
     * a round trip) that is measurable. Input files linked under {@code work/_inputs/} create {@code work/} anyway.
     */
    static void create(Path dir, Path work, boolean backendCreatesWork) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // a retried or resumed call: the directory is there already
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir); // nested layout whose parent does not exist yet
        }
        if (!backendCreatesWork) {
            createWork(work);
        }
    }

    /** {@code work/}, which may exist already (a resumed call); anything else by that name is an error. */
    static void createWork(Path work) throws IOException {
        try {
            Files.createDirectory(work);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(work)) {
                throw e;
            }
        }
    }
}
