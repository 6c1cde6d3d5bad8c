package org.wdlbatch.submit;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --local}: the aws-emulator in this process, its data in a folder of the user's. The emulator (S3Proxy,
 * Jetty: some 60 MB of jars) is not part of the submitter's jar, so that {@code --help} and real submissions never
 * load or even open it: it is found in this checkout's {@code aws-emulator/target} and loaded in a class loader of
 * its own, and driven through reflection on its small public API ({@code EmulatorConfig.defaults()},
 * {@code AwsEmulator.start(config)}, {@code endpoint()}, {@code efsFolder()}, {@code close()}). When the emulator is
 * already on the class path (tests), that one is used.
 */
final class LocalAws implements AutoCloseable {

    private static final String EMULATOR = "org.wdlbatch.emulator.AwsEmulator";
    private static final String CONFIG = "org.wdlbatch.emulator.world.EmulatorConfig";

    private final Object emulator;
    private final URLClassLoader ownLoader;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalAws(Object emulator, URLClassLoader ownLoader) {
        this.emulator = emulator;
        this.ownLoader = ownLoader;
    }

    /** Starts the default world with its data in {@code dataDir}; jobs of the orchestrator image run repoRoot's bin/wdlbatch. */
    static LocalAws start(Path dataDir, Path repoRoot, long tickMillis) throws UsageException {
        URLClassLoader own = null;
        ClassLoader loader = LocalAws.class.getClassLoader();
        try {
            try {
                Class.forName(EMULATOR, false, loader);
            } catch (ClassNotFoundException e) {
                own = emulatorLoader(repoRoot);
                loader = own;
            }
            Class<?> configClass = Class.forName(CONFIG, true, loader);
            Object config = configClass.getMethod("defaults").invoke(null);
            configClass.getField("dataDir").set(config, dataDir.toAbsolutePath().toString());
            configClass.getField("tickMillis").setLong(config, tickMillis);
            Object runner = configClass.getField("runner").get(config);
            runner.getClass().getField("repoRoot").set(runner, repoRoot.toString());
            // S3Proxy (jclouds) finds its providers through the context class loader; the emulator's threads inherit it
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(loader);
            try {
                Object emulator = Class.forName(EMULATOR, true, loader).getMethod("start", configClass)
                        .invoke(null, config);
                return new LocalAws(emulator, own);
            } finally {
                t.setContextClassLoader(before);
            }
        } catch (InvocationTargetException e) {
            closeQuietly(own);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UsageException("--local: the local AWS did not start: " + cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            closeQuietly(own);
            throw new UsageException("--local: this build's aws-emulator does not fit this submit_awsbatch (" + e
                    + "); rebuild both with ./mvnw -q -DskipTests package");
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
        // the platform loader as parent: the emulator sees its own SDK, Jackson and slf4j, never the submitter's
        return new URLClassLoader("aws-emulator", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    URI endpoint() {
        return (URI) call("endpoint");
    }

    String region() {
        return (String) call("region");
    }

    Path efsFolder() {
        return (Path) call("efsFolder");
    }

    Path dataDir() {
        return (Path) call("dataDir");
    }

    private Object call(String method) {
        try {
            return emulator.getClass().getMethod(method).invoke(emulator);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("aws-emulator has no " + method + "()", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ((AutoCloseable) emulator).close();
        } catch (Exception e) {
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
