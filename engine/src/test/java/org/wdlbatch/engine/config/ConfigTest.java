package org.wdlbatch.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsComeFromTheBuiltInFile() {
        assertThat(Config.defaults().bool("scheduler", "fail_fast")).isTrue();
        Config c = Config.defaults();
        assertThat(c.integer("scheduler", "call_concurrency")).isZero();
        assertThat(c.entry("scheduler", "call_concurrency").origin()).startsWith("default.cfg:");
    }

    @Test
    void laterLayersWinInTheDesignedOrder() throws Exception {
        Path user = tmp.resolve("user.cfg");
        Files.writeString(user, "[scheduler]\ncall_concurrency = 3\n");
        Path cfg = tmp.resolve("run.cfg");
        Files.writeString(cfg, "# mine\n[SCHEDULER]\nCall_Concurrency = 5\n");

        Config fileOnly = Config.builder().file(user, true).file(cfg, true).build();
        assertThat(fileOnly.integer("scheduler", "call_concurrency")).isEqualTo(5);
        assertThat(fileOnly.entry("scheduler", "call_concurrency").origin()).isEqualTo(cfg + ":3");

        Config withEnv = Config.builder().file(user, true).file(cfg, true)
                .environment(Map.of("WDLBATCH__SCHEDULER__CALL_CONCURRENCY", "7", "PATH", "/bin")).build();
        assertThat(withEnv.integer("scheduler", "call_concurrency")).isEqualTo(7);
        assertThat(withEnv.entry("scheduler", "call_concurrency").origin())
                .isEqualTo("env WDLBATCH__SCHEDULER__CALL_CONCURRENCY");
    }

    @Test
    void multiLineJsonValuesAreJoined() {
        var entries = IniParser.parse("[a]\nx = {\n    \"k\": 1,\n    \"j\": [2]\n  }\ny = 3\n", "t.cfg");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).value()).isEqualTo("{\n\"k\": 1,\n\"j\": [2]\n}");
        assertThat(entries.get(0).origin()).isEqualTo("t.cfg:2");
        assertThat(entries.get(1).value()).isEqualTo("3");
    }

    @Test
    void misspeltKeyNamesTheOriginAndTheNearestKey() throws Exception {
        Path cfg = tmp.resolve("bad.cfg");
        Files.writeString(cfg, "[scheduler]\n\ncall_concurency = 4\n");
        assertThatThrownBy(() -> Config.builder().file(cfg, true))
                .isInstanceOf(ConfigException.class)
                .hasMessage(cfg + ":3: unknown key 'call_concurency' in [scheduler]; did you mean 'call_concurrency'?");
    }

    @Test
    void unknownSectionAndMalformedLinesAreErrors() throws Exception {
        assertThatThrownBy(() -> Config.builder().environment(Map.of("WDLBATCH__NOPE__X", "1")))
                .hasMessageContaining("env WDLBATCH__NOPE__X: unknown section [nope]");
        assertThatThrownBy(() -> Config.builder().environment(Map.of("WDLBATCH__SCHEDULER", "1")))
                .hasMessageContaining("not of the form WDLBATCH__SECTION__KEY");
        assertThatThrownBy(() -> IniParser.parse("x = 1\n", "f.cfg"))
                .hasMessage("f.cfg:1: setting 'x' comes before any [section] header");
        assertThatThrownBy(() -> IniParser.parse("[a]\njust words\n", "f.cfg"))
                .hasMessage("f.cfg:2: expected 'key = value', found 'just words'");
    }

    @Test
    void invalidValuesNameKeyValueAndExpectation() {
        Config c = Config.builder().environment(Map.of("WDLBATCH__SCHEDULER__CALL_CONCURRENCY", "many")).build();
        assertThatThrownBy(() -> c.integer("scheduler", "call_concurrency"))
                .hasMessage("env WDLBATCH__SCHEDULER__CALL_CONCURRENCY: [scheduler] call_concurrency = 'many' "
                        + "is not valid; expected a whole number");
    }

    @Test
    void missingRequiredFileIsAnErrorButMissingUserFileIsNot() {
        assertThatThrownBy(() -> Config.builder().file(tmp.resolve("absent.cfg"), true))
                .hasMessageContaining("does not exist (check --cfg)");
        assertThat(Config.builder().file(tmp.resolve("absent.cfg"), false).build().integer("scheduler",
                "call_concurrency")).isZero();
    }
}
