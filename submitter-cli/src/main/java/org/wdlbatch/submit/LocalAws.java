package org.wdlbatch.submit;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.wdlbatch.aws.local.EmbeddedAws;

/**
 * {@code --local}: the aws-emulator in this process, its data in a folder of the user's. The emulator (S3Proxy,
 * Jetty: some 60 MB of jars) is not part of the submitter's jar, so that {@code --help} and real submissions never
 * load or even open it: it is found in this checkout's {@code aws-emulator/target} and loaded in a class loader of
 * its own, which shares only the {@link EmbeddedAws} contract with this one; the emulator's
 * {@link EmbeddedAws.Starter} is found through {@link ServiceLoader}. When the emulator is already on the class path
 * (tests), that one is used.
 */
final class LocalAws implements AutoCloseable {

    private final EmbeddedAws emulator;
    private final URLClassLoader ownLoader;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalAws(EmbeddedAws emulator, URLClassLoader ownLoader) {
        this.emulator = emulator;
        this.ownLoader = ownLoader;
    }

    /** Starts the default world with its data in {@code dataDir}; jobs of the orchestrator image run repoRoot's bin/wdlbatch. */
    static LocalAws start(Path dataDir, Path repoRoot, long tickMillis) throws UsageException {
        URLClassLoader own = null;
        ClassLoader loader = LocalAws.class.getClassLoader();
        try {
            Optional<EmbeddedAws.Starter> starter = ServiceLoader.load(EmbeddedAws.Starter.class, loader).findFirst();
            if (starter.isEmpty()) {
                own = emulatorLoader(repoRoot);
                loader = own;
                starter = ServiceLoader.load(EmbeddedAws.Starter.class, own).findFirst();
            }
            if (starter.isEmpty()) {
                throw new UsageException("--local: this build's aws-emulator offers no " + EmbeddedAws.Starter.class
                        .getName() + "; rebuild it with ./mvnw -q -DskipTests package");
            }
            // S3Proxy (jclouds) finds its providers through the context class loader; the emulator's threads inherit it
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(loader);
            try {
                return new LocalAws(starter.get().start(dataDir, repoRoot, tickMillis), own);
            } finally {
                t.setContextClassLoader(before);
            }
        } catch (UsageException e) {
            closeQuietly(own);
            throw e;
        } catch (Exception | ServiceConfigurationError e) {
            closeQuietly(own);
            throw new UsageException("--local: the local AWS did not start: " + e);
        }
    }

    private static URLClassLoader emulatorLoader(Path repoRoot) throws UsageException {
        Path target = repoRoot.resolve("aws-emulator").resolve("target");
        Path jar = target.resolve("aws-emulator.jar");
        Path lib = target.resolve("lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new UsageException("--local needs the local AWS emulator, which is not built: " + jar + " is missing;"
                    + " build it with (cd " + repoRoot + " && ./mvnw -q -DskipTests package)");
        }
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            urls.add(jar.toUri().toURL());
            for (Path p : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator) {
                urls.add(p.toUri().toURL());
            }
        } catch (IOException e) {
            throw new UsageException("--local: cannot read " + lib + ": " + e.getMessage());
        }
        // the emulator sees its own SDK, Jackson and slf4j, never the submitter's: only the contract is shared
        return new URLClassLoader("aws-emulator", urls.toArray(new URL[0]), new ContractOnly());
    }

    /**
     * The emulator loader's parent: the platform's classes, plus the {@link EmbeddedAws} contract from the
     * submitter's own loader, so that both sides see one and the same interface.
     */
    private static final class ContractOnly extends ClassLoader {

        private static final String CONTRACT_PACKAGE = EmbeddedAws.class.getPackageName() + ".";

        ContractOnly() {
            super("aws-emulator-parent", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(CONTRACT_PACKAGE)) {
                return LocalAws.class.getClassLoader().loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    URI endpoint() {
        return emulator.endpoint();
    }

    String region() {
        return emulator.region();
    }

    Path efsFolder() {
        return emulator.efsFolder();
    }

    Path dataDir() {
        return emulator.dataDir();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            emulator.close();
        } catch (RuntimeException e) {
            // its state was saved periodically; nothing more to do at exit
        }
        closeQuietly(ownLoader);
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // at exit
            }
        }
    }

    /** This checkout: from {@code -Dwdlbatch.repoRoot} (the launcher sets it), else above the submitter's jar. */
    static Path repoRoot() {
        String prop = System.getProperty("wdlbatch.repoRoot");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        try {
            Path here = Path.of(LocalAws.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = here; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("bin").resolve("wdlbatch"))) {
                    return d;
                }
            }
        } catch (Exception e) {
            // fall through to the working directory
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("bin").resolve("wdlbatch"))) {
                return d;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
