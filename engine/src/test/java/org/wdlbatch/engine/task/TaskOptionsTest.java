package org.wdlbatch.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.config.ConfigException;

/** miniwdl's task settings from its .cfg and MINIWDL__ variables mean the same here as the flags. */
class TaskOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void aMiniwdlCfgAndMiniwdlVariablesSetTheTaskOptions() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("miniwdl.cfg"), """
                [task_runtime]
                env = {"LANG": "C", "TOKEN": null, "ABSENT": null}
                cpu_max = 4
                [file_io]
                copy_input_files_for = ["align"]
                """);
        Config config = Config.builder().file(cfg, true)
                .environment(Map.of("MINIWDL__TASK_RUNTIME__MEMORY_MAX", "8G",
                        "MINIWDL__TASK_RUNTIME__AS_USER", "true"))
                .build();
        assertThat(config.withoutEffect()).isEmpty();
        TaskOptions o = TaskOptions.fromConfig(config, Map.of("TOKEN", "from-the-caller"));
        assertThat(o.env()).containsExactly(Map.entry("LANG", "C"), Map.entry("TOKEN", "from-the-caller"));
        assertThat(o.cpuMax()).isEqualTo(4);
        assertThat(o.memoryMax()).isEqualTo(8_000_000_000L);
        assertThat(o.asUser()).isTrue();
        assertThat(o.copiesInputsOf("align", "bwa")).isTrue();
        assertThat(o.copiesInputsOf("sort", "samtools")).isFalse();
    }

    @Test
    void flagsAddToTheConfiguredEnvAndBadValuesNameTheirOrigin() {
        Config.Builder b = Config.builder().set("task_runtime", "env", "{\"A\": \"1\"}", "test.cfg:3");
        TaskOptionFlags.apply(b, List.of("B=2", "A=3"), null, null, false, List.of());
        assertThat(TaskOptions.fromConfig(b.build(), Map.of()).env()).containsExactly(Map.entry("A", "3"),
                Map.entry("B", "2"));
        assertThatThrownBy(() -> TaskOptions.fromConfig(Config.builder()
                .set("task_runtime", "env", "[1]", "x.cfg:2").build(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("x.cfg:2: [task_runtime] env must be a JSON"
                        + " object");
        assertThatThrownBy(() -> TaskOptions.fromConfig(Config.builder()
                .set("task_runtime", "memory_max", "-5 GiB", "--runtime-memory-max").build(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--runtime-memory-max");
    }
}
