package org.wdlbatch.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The completion and man page model of bin/aws-emulator names the options its own parser takes, no more. */
class AwsEmulatorCommandTest {

    @Test
    void theModelAndTheUsageNameTheSameOptions() {
        Set<String> model = new TreeSet<>();
        new CommandLine(AwsEmulatorCommand.class).getCommandSpec().options()
                .forEach(o -> model.addAll(Arrays.asList(o.names())));
        Set<String> usage = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])(--?[a-z][a-z-]*)").matcher(AwsEmulatorMain.USAGE);
        while (m.find()) {
            usage.add(m.group(1));
        }
        usage.addAll(Set.of("-h", "--help")); // the parser takes them; the usage line is what they print
        assertThat(model).isEqualTo(usage);
    }
}
