package org.wdlbatch.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.Value;

class OutputPathsTest {

    @TempDir
    Path tmp;

    @Test
    void aTaskOutputMustResolveInsideItsDirectoryOrBeAnInput() throws Exception {
        Path task = Files.createDirectories(tmp.resolve("run/call-t/work"));
        Path mine = Files.writeString(task.resolve("mine.txt"), "x");
        Path other = Files.writeString(tmp.resolve("run/other.txt"), "y");
        Path input = Files.writeString(tmp.resolve("input.txt"), "z");
        Path inputDir = Files.createDirectories(tmp.resolve("indir"));
        Files.writeString(inputDir.resolve("f"), "f");
        Path link = Files.createSymbolicLink(task.resolve("link"), other);
        Path inputLink = Files.createSymbolicLink(task.resolve("in-link"), input);
        Path callDir = task.getParent();
        List<Path> inputs = List.of(input, inputDir);

        assertThat(OutputPaths.taskOutputEscape("t.a", "mine.txt", mine, callDir, inputs)).isNull();
        assertThat(OutputPaths.taskOutputEscape("t.b", "in-link", inputLink, callDir, inputs)).isNull();
        assertThat(OutputPaths.taskOutputEscape("t.c", "f", inputDir.resolve("f"), callDir, inputs)).isNull();
        assertThat(OutputPaths.taskOutputEscape("t.d", "../../other.txt", task.resolve("../../other.txt").normalize(),
                callDir, inputs)).isEqualTo("output t.d: ../../other.txt resolves to " + other.toRealPath()
                        + ", outside the task directory " + callDir + " and not one of the task's inputs ("
                        + OutputPaths.TASK_RULE + ")");
        assertThat(OutputPaths.taskOutputEscape("t.e", "link", link, callDir, inputs))
                .startsWith("output t.e: link resolves to " + other.toRealPath());
        assertThat(OutputPaths.taskOutputEscape("t.f", "/", Path.of("/"), callDir, inputs))
                .startsWith("output t.f: / resolves to /,");
    }

    @Test
    void aWorkflowOutputMustBeATaskOutputOrAWorkflowInput() {
        OutputPaths.Allowed allowed = new OutputPaths.Allowed();
        allowed.add(List.of(ArrayValue.of(org.wdlbatch.wdl.types.Type.FILE, List.of(new FileValue("/runs/r/call-a/work/a.txt"))),
                new DirectoryValue("/runs/r/call-b/work/dir")));
        List<Value> inputs = List.of(new FileValue("/data/in.txt"));
        assertThat(allowed.workflowOutputEscape("w", Map.of("a", new FileValue("/runs/r/call-a/work/a.txt"),
                "b", new FileValue("/runs/r/call-b/work/dir/x/y.txt"), "i", new FileValue("/data/in.txt"),
                "u", new FileValue("s3://bucket/key")), inputs)).isNull();
        assertThat(allowed.workflowOutputEscape("w", Map.of("s", new FileValue("/etc/passwd")), inputs))
                .isEqualTo("output w.s: /etc/passwd is neither a task output nor a workflow input ("
                        + OutputPaths.WORKFLOW_RULE + ")");
        assertThat(allowed.workflowOutputEscape("w", Map.of("s", new FileValue("/runs/r/call-a/work/../../x")),
                inputs)).startsWith("output w.s: /runs/r/call-a/work/../../x is neither");
    }
}
