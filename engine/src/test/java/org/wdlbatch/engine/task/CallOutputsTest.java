package org.wdlbatch.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.json.JsonText;

/**
 * Reading a call's outputs back from JSON, the one reader behind a resume's kept {@code outputs.json} and a call
 * cache hit: an entry missing any declared output is no result at all (the call runs again).
 */
class CallOutputsTest {

    @TempDir
    Path dir;

    private CheckedTask task() throws IOException {
        Path wdl = dir.resolve("main.wdl");
        Files.writeString(wdl, """
                version 1.0
                task t {
                  command { echo hi }
                  output {
                    Int n = 1
                    File f = "out.txt"
                  }
                }
                """);
        return new Frontend(uri -> {
            throw new IOException("offline");
        }).check(wdl.toString()).task("t");
    }

    @Test
    void everyDeclaredOutputIsReadWithItsType() throws IOException {
        Optional<Map<String, Value>> read = CallOutputs.fromJson(task(),
                JsonText.read("{\"f\": \"/runs/call-t/work/out.txt\", \"n\": 3}"));
        assertThat(read).isPresent();
        assertThat(read.get().keySet()).containsExactly("n", "f"); // the task's order, not the file's
        assertThat(read.get().get("n")).isEqualTo(new IntValue(3));
        assertThat(read.get().get("f")).isEqualTo(new FileValue("/runs/call-t/work/out.txt"));
    }

    @Test
    void aMissingOutputOrNoJsonIsNoResult() throws IOException {
        assertThat(CallOutputs.fromJson(task(), JsonText.read("{\"n\": 3}"))).isEmpty();
        assertThat(CallOutputs.fromJson(task(), null)).isEmpty();
    }
}
