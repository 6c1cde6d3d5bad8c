package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.wdl.values.ValueJson;

/**
 * File inputs on the aws-batch backend are linked by the task job (one {@code links} file per task before
 * submission instead of {@code work/}, {@code _inputs/}, a folder and a link), while the orchestrator still reads
 * them to prepare the call ({@code size()} in the runtime section, {@code read_lines()} in a declaration), and every
 * attempt, a retry included, finds them in its new {@code work/}.
 */
class InputLinksByTheTaskTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.queues.forEach(q -> q.capacity = 8));

    @Test
    void theTaskJobLinksItsInputsAndTheOrchestratorReadsTheirSources() throws Exception {
        Path data = Files.createDirectories(AWS.emulator().efsFolder().resolve("data"));
        Path list = Files.writeString(data.resolve("list.txt"), "a\nb\nc\n");
        Files.writeString(data.resolve("list.txt.idx"), "i\n");
        String wdl = """
                version 1.1
                task count {
                  input { File f  File idx  Int i }
                  Int declared = length(read_lines(f))
                  command <<<
                    [ ~{i} -ne 1 ] || [ -d ../attempt-1 ] || exit 3
                    wc -l < '~{f}'; cat '~{idx}' > /dev/null
                  >>>
                  runtime { memory: "~{ceil(size(f, "MiB")) + 200} MiB"  maxRetries: 1 }
                  output { Int lines = read_int(stdout())  Int seen = declared }
                }
                workflow w {
                  input { File f  File idx }
                  scatter (i in range(3)) { call count { input: f = f, idx = idx, i = i } }
                  output { Array[Int] lines = count.lines  Array[Int] seen = count.seen }
                }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of("f=" + list, "idx=" + data.resolve(
                "list.txt.idx")), Map.of());
        assertThat(r.outcome().failure()).as("run failure").isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("w.lines")).toString()).isEqualTo("[3,3,3]");
        assertThat(ValueJson.toJson(r.outcome().outputs().get("w.seen")).toString()).isEqualTo("[3,3,3]");
        Path call = r.outcome().runDir().path().resolve("call-count-0");
        assertThat(call.resolve(TaskDirectory.LINKS)).hasContent("_inputs/0/list.txt\t" + list + "\n"
                + "_inputs/0/list.txt.idx\t" + data.resolve("list.txt.idx"));
        assertThat(Files.readSymbolicLink(call.resolve("work/_inputs/0/list.txt"))).isEqualTo(list);
        // the retried call: attempt 1's work/ (with its links) is kept aside, attempt 2 got links of its own
        Path retried = r.outcome().runDir().path().resolve("call-count-1");
        assertThat(Files.readSymbolicLink(retried.resolve("attempt-1/work/_inputs/0/list.txt"))).isEqualTo(list);
        assertThat(Files.readSymbolicLink(retried.resolve("work/_inputs/0/list.txt"))).isEqualTo(list);
        assertThat(retried.resolve("rc")).hasContent("0");
    }
}
