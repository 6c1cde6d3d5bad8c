package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The help text the build renders is what picocli prints, and {@code --help} prints it. */
class PrerenderedHelpTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = PrerenderedHelp.class.getResourceAsStream(name)) {
            assertThat(in).as("%s (made by the build's prerender-help step)", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theBuildsRenderingsArePicocliOwn() throws Exception {
        assertThat(resource(PrerenderedHelp.PLAIN)).isEqualTo(PrerenderedHelp.render(false))
                .contains("Usage: wdlbatch").contains("check").contains("input_template");
        assertThat(resource(PrerenderedHelp.ANSI)).isEqualTo(PrerenderedHelp.render(true)).contains("\u001b[");
    }

    @Test
    void helpPrintsWhatPicocliPrints() throws Exception {
        StringWriter picocli = new StringWriter();
        assertThat(WdlbatchMain.run(new String[] {"--help"}, new PrintWriter(picocli), new PrintWriter(new StringWriter())))
                .isEqualTo(WdlbatchMain.EXIT_OK);
        ByteArrayOutputStream fast = new ByteArrayOutputStream();
        // the test JVM has no terminal: picocli prints without ANSI styles, and so does the fast path
        assertThat(PrerenderedHelp.printIfPrerendered(new String[] {"--help"}, new PrintStream(fast, true, StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(fast.toString(StandardCharsets.UTF_8)).isEqualTo(picocli.toString());
    }

    @Test
    void anythingButTheTopCommandsHelpIsLeftToPicocli() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(PrerenderedHelp.printIfPrerendered(new String[] {"check", "--help"}, out)).isFalse();
        assertThat(PrerenderedHelp.printIfPrerendered(new String[] {"--help", "--verbose"}, out)).isFalse();
        assertThat(PrerenderedHelp.printIfPrerendered(new String[] {"--version"}, out)).isFalse();
    }
}
