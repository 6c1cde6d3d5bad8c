package org.wdlbatch.submit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.wdlbatch.aws.ShippedWdl;
import org.wdlbatch.wdl.bundle.BundleWriter;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.check.TypeChecker;
import org.wdlbatch.wdl.load.DocumentGraph;
import org.wdlbatch.wdl.source.WdlException;

/**
 * The WDL of a submission: shipped inside the job request (a local .wdl, bundled with its imports after it parses
 * and type-checks here; a local .zip bundle as is), or passed by reference (a URL, or a path under the mount that
 * the workflow job opens itself).
 *
 * @param argument the WDL argument of {@code wdlbatch run} in the workflow job
 * @param bundle   the bundle zip to ship, or null when passed by reference
 * @param name     a short name (the file name) for the job name and messages
 */
record WdlSource(String argument, byte[] bundle, String name) {

    static final String SELF_TEST_RESOURCE = "/org/wdlbatch/submit/self_test.wdl";

    boolean shipped() {
        return bundle != null;
    }

    static WdlSource of(String wdl, String mount) throws UsageException {
        return of(wdl, mount, List.of());
    }

    /** @param importPath {@code -p/--path} folders for local imports not found next to their importer */
    static WdlSource of(String wdl, String mount, List<Path> importPath) throws UsageException {
        if (wdl == null) {
            throw new UsageException("no WDL given: submit_awsbatch [OPTIONS] WDL [key=value ...] (see --help)");
        }
        String name = fileName(wdl);
        if (RunArguments.isRemote(wdl, mount)) {
            return new WdlSource(wdl, null, name);
        }
        Path p = Path.of(wdl);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(wdl + ": no such file (a WDL the workflow job reads itself must be a URL or a"
                    + " path under the mount " + mount + ")");
        }
        try {
            if (wdl.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
                return new WdlSource(ShippedWdl.ARGUMENT_PREFIX + name, Files.readAllBytes(p), name);
            }
            return new WdlSource(ShippedWdl.ARGUMENT_PREFIX + name, bundle(wdl, importPath), name);
        } catch (IOException e) {
            throw new UsageException(wdl + ": cannot read: " + e.getMessage());
        }
    }

    /** The built-in self-test workflow, shipped like a local file. */
    static WdlSource selfTest() throws UsageException {
        try (InputStream in = WdlSource.class.getResourceAsStream(SELF_TEST_RESOURCE)) {
            Path dir = Files.createTempDirectory("submit_awsbatch-");
            Path file = dir.resolve("self_test.wdl");
            try {
                Files.write(file, in.readAllBytes());
                return new WdlSource(ShippedWdl.ARGUMENT_PREFIX + "self_test.wdl", bundle(file.toString(), List.of()),
                        "self_test.wdl");
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the built-in self-test WDL is missing from the jar", e);
        }
    }

    /** Loads and type-checks the document and its imports, and zips them as {@code wdlbatch zip} does. */
    private static byte[] bundle(String wdl, List<Path> importPath) throws UsageException, IOException {
        DocumentGraph graph;
        try {
            graph = new Frontend(importPath).load(wdl);
            TypeChecker.check(graph);
        } catch (WdlException e) {
            throw new UsageException(e.diagnostics().stream().map(d -> d.format()).collect(Collectors.joining("\n"))
                    + "\n(the WDL must parse and type-check before it is submitted; `wdlbatch check " + wdl
                    + "` shows the same)");
        }
        Path zip = Files.createTempFile("submit_awsbatch-", ".zip");
        try {
            BundleWriter.write(graph, zip);
            return Files.readAllBytes(zip);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private static String fileName(String wdl) {
        String s = wdl;
        int q = s.indexOf('?');
        if (q >= 0 && s.contains("://")) {
            s = s.substring(0, q);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }
}
