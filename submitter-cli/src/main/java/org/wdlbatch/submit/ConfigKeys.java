package org.wdlbatch.submit;

import java.util.Locale;
import java.util.Map;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.config.ConfigException;

/**
 * The {@code WDLBATCH__SECTION__KEY} variables the submitter passes to the workflow job. The orchestrator rejects
 * undocumented keys, so a misspelt variable would only fail inside the workflow job, minutes later; the submitter
 * checks them up front with the engine's configuration reader (one parser of {@code default.cfg}).
 */
final class ConfigKeys {

    static final String ENV_PREFIX = Config.ENV_PREFIX;

    private ConfigKeys() {}

    /** {@code WDLBATCH__AWS__TASK_QUEUE} as {@code aws.task_queue}; null when the name has no section and key. */
    static String keyOf(String variable) {
        if (!variable.startsWith(ENV_PREFIX)) {
            return null;
        }
        String rest = variable.substring(ENV_PREFIX.length());
        int sep = rest.indexOf("__");
        if (sep <= 0 || sep + 2 >= rest.length()) {
            return null;
        }
        return (rest.substring(0, sep) + "." + rest.substring(sep + 2)).toLowerCase(Locale.ROOT);
    }

    static String variableOf(String key) {
        return ENV_PREFIX + key.replace(".", "__").toUpperCase(Locale.ROOT);
    }

    /**
     * Fails on a {@code WDLBATCH__*} (or untranslated {@code MINIWDL__*}) variable that names no configuration key,
     * suggesting the nearest: the engine's own configuration reads them, exactly as the workflow job will.
     */
    static void check(Map<String, String> env) throws UsageException {
        try {
            Config.builder().environment(env).build();
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage() + " (unset it, or pass --no-env)");
        }
    }
}
