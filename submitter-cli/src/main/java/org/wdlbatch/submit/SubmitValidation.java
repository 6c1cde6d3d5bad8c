package org.wdlbatch.submit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.wdlbatch.engine.download.DownloadCache;
import org.wdlbatch.engine.inputs.InputException;
import org.wdlbatch.engine.inputs.RunTarget;
import org.wdlbatch.wdl.check.CheckedDocument;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.load.BundleArchive;
import org.wdlbatch.wdl.source.WdlException;

/**
 * Validate before paying: the WDL and its inputs are checked here exactly as {@code wdlbatch run} checks them in
 * the workflow job (the engine's {@link RunTarget}: input names with suggestions, types, required inputs), and
 * a shipped bundle is checked as the workflow job will read it (no entry that could escape its folder), so a
 * mistake exits 2 naming it before a job definition is registered or a Fargate job is paid for. Local input files
 * must be where the workflow job can see them: under the mount (the file system the jobs share) or in S3/HTTP.
 */
final class SubmitValidation {

    /** Options of {@code wdlbatch run} that take a value; the rest of the non-option arguments are inputs. */
    private static final java.util.Set<String> WITH_VALUE = RunArguments.WITH_VALUE;

    private SubmitValidation() {}

    /**
     * @param wdlArgument the WDL as the user typed it (null for the built-in self test)
     * @param rest the arguments for {@code wdlbatch run} after the WDL (inputs JSON already inlined when local)
     * @param mount where the workflow job mounts the shared file system (the same path here when it is mounted)
     * @param err where a note goes when something cannot be checked from this machine
     */
    static void check(WdlSource wdl, String wdlArgument, List<String> rest, String mount, PrintStream err)
            throws UsageException {
        check(wdl, wdlArgument, rest, mount, err, List.of());
    }

    /** @param importPath {@code -p/--path} folders, as the bundle was loaded with */
    static void check(WdlSource wdl, String wdlArgument, List<String> rest, String mount, PrintStream err,
            List<Path> importPath)
            throws UsageException {
        if (wdl.shipped()) {
            try {
                BundleArchive.read(wdl.name(), new ByteArrayInputStream(wdl.bundle()), null);
            } catch (IOException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (wdlArgument == null) {
            return; // the built-in self test
        }
        String readable = readableHere(wdlArgument, wdl);
        if (readable == null) {
            err.println("submit_awsbatch: " + wdlArgument + " cannot be read from this machine: its inputs are"
                    + " checked by the workflow job");
            return;
        }
        CheckedDocument doc;
        try {
            doc = new Frontend(importPath).check(readable);
        } catch (WdlException e) {
            if (!wdl.shipped() && e.getMessage() != null && e.getMessage().contains("cannot read WDL document")) {
                // a URL this machine cannot fetch (a private network, a VPC endpoint) may be fine for the job
                err.println("submit_awsbatch: " + wdlArgument + " cannot be read from this machine: it is checked by"
                        + " the workflow job");
                return;
            }
            throw new UsageException(e.diagnostics().stream().map(d -> d.format()).collect(Collectors.joining("\n"))
                    + "\n(the WDL must parse and type-check before it is submitted; `wdlbatch check " + wdlArgument
                    + "` shows the same)");
        }
        String task = null;
        Path inputsJson = null;
        List<String> keyValues = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.startsWith("-") && a.length() > 1) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1)
                        : WITH_VALUE.contains(name) && i + 1 < rest.size() ? rest.get(++i) : null;
                if (name.equals("--task")) {
                    task = value;
                } else if (name.equals("-i") || name.equals("--input")) {
                    // an inputs JSON the workflow job reads itself (URL, or a path under the mount)
                    Path p = value.contains("://") ? null : Path.of(value);
                    if (p == null || !Files.isRegularFile(p)) {
                        err.println("submit_awsbatch: -i " + value + " cannot be read from this machine: the inputs"
                                + " are checked by the workflow job");
                        return;
                    }
                    inputsJson = p;
                }
            } else {
                keyValues.add(a);
            }
        }
        try {
            RunTarget.of(doc, wdlArgument, task).runInputs(Path.of("").toAbsolutePath(),
                    (input, path) -> reachable(input, path, mount)).parse(inputsJson, keyValues);
        } catch (InputException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The WDL as this machine can load it (the shipped bundle, a URL), or null when it cannot. */
    private static String readableHere(String wdlArgument, WdlSource wdl) {
        if (wdl.shipped() || wdlArgument.startsWith("http://") || wdlArgument.startsWith("https://")) {
            return wdlArgument;
        }
        return wdlArgument.contains("://") || !Files.isRegularFile(Path.of(wdlArgument)) ? null : wdlArgument;
    }

    /**
     * A local input file must be where the workflow job sees it: an absolute path under the mount (and, when the
     * mount is mounted here, existing). Files in S3 or on the web are downloaded by the run.
     */
    static String reachable(String input, String path, String mount) {
        if (DownloadCache.isDownloadable(path)) {
            return path;
        }
        Path p = Path.of(path);
        if (!p.isAbsolute() || !p.normalize().startsWith(Path.of(mount))) {
            throw new InputException("input " + input + ": " + path + " is a file on this machine, which the workflow"
                    + " job cannot see; put it on the shared file system under " + mount + " (and give that absolute"
                    + " path) or in S3 (s3://bucket/key)");
        }
        if (Files.isDirectory(Path.of(mount)) && !Files.exists(p)) {
            throw new InputException("input " + input + ": file " + path + " does not exist (under the mount "
                    + mount + ")");
        }
        return path;
    }
}
