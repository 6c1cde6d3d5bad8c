package org.wdlbatch.submit;

/** A bad flag, setting or resource, found before anything is submitted: exit status 2 and this message. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
