package org.wdlbatch.aws;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this build was made from ({@code build.properties}, written at build time), which
 * {@code wdlbatch}, {@code submit_awsbatch} and {@code aws-emulator} print for {@code --version}.
 */
public final class BuildInfo {

    private static final Properties PROPS = load();

    private BuildInfo() {}

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} in a build without the file. */
    public static String version() {
        return PROPS.getProperty("version", "unknown");
    }

    /** The abbreviated git commit, or {@code unknown} when built outside a git checkout. */
    public static String commit() {
        return PROPS.getProperty("commit", "unknown");
    }

    /** {@code <program> <version> (commit <commit>)}: one line for {@code --version}. */
    public static String versionLine(String program) {
        return program + " " + version() + " (commit " + commit() + ")";
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a build without the file: "unknown"
        }
        return p;
    }
}
