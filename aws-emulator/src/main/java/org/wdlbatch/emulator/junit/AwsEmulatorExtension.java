package org.wdlbatch.emulator.junit;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.wdlbatch.emulator.AwsEmulator;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * One emulator per test class. Register it as a static field to shape the world first, or with
 * {@code @ExtendWith(AwsEmulatorExtension.class)} for the default world; test methods and constructors can take
 * an {@link AwsEmulator} parameter.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -&gt; c.tickMillis = 20);
 * </pre>
 */
public final class AwsEmulatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Consumer<EmulatorConfig> customizer;
    private AwsEmulator emulator;

    public AwsEmulatorExtension() {
        this(c -> c.tickMillis = 20);
    }

    /** The default world with fast ticks and host processes (no docker), then {@code customizer}. */
    public AwsEmulatorExtension(Consumer<EmulatorConfig> customizer) {
        this.customizer = c -> {
            c.tickMillis = 20;
            c.killGraceMillis = 500;
            c.runner.containerEngine = "none"; // tests run job commands on the host, docker or not
            customizer.accept(c);
        };
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        EmulatorConfig config = EmulatorConfig.defaults();
        customizer.accept(config);
        emulator = AwsEmulator.start(config);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    public AwsEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator runs from beforeAll to afterAll of the test class");
        }
        return emulator;
    }

    /** The emulator's control API token, for requests to {@code /_emulator/...} (header {@code X-Emulator-Token}). */
    public String controlToken() {
        return emulator().controlToken();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == AwsEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return emulator();
    }
}
