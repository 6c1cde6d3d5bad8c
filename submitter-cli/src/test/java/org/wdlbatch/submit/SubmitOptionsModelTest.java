package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The option names the passthrough parser needs come from the model picocli built for the parse, and no option
 * needs a converter that {@link SubmitMain#excludeUnusedConverters} leaves out. */
class SubmitOptionsModelTest {

    @Test
    void optionNamesComeFromTheParsedModelAndAreAllOfThem() {
        SubmitOptions parsed = new SubmitOptions();
        SubmitMain.commandLine(parsed).parseArgs("--workflow-queue", "q", "wf.wdl", "x=1");
        assertThat(parsed.spec).isNotNull();
        SubmitOptions unparsed = new SubmitOptions();
        assertThat(SubmitMain.optionNames(parsed)).isEqualTo(SubmitMain.optionNames(unparsed))
                .contains("--workflow-queue", "--task-queue", "--s3upload", "--follow", "--local");
    }

    @Test
    void noOptionNeedsAJavaTimeOrJavaSqlConverter() {
        CommandLine cl = SubmitMain.commandLine(new SubmitOptions());
        for (CommandLine.Model.ArgSpec arg : cl.getCommandSpec().args()) {
            for (Class<?> type : arg.auxiliaryTypes()) {
                assertThat(type.getName()).as(arg.paramLabel()).doesNotStartWith("java.time.").doesNotStartWith("java.sql.");
            }
        }
    }
}
