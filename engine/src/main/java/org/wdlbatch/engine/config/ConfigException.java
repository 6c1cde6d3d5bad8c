package org.wdlbatch.engine.config;

/** A configuration problem: names the source (file:line or environment variable), the key and the fix. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
