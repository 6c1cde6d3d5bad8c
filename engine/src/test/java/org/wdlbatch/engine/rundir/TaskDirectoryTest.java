package org.wdlbatch.engine.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void archivingAnAttemptMovesEverythingItWroteAndNothingElse() throws Exception {
        TaskDirectory d = new TaskDirectory(Files.createDirectories(tmp.resolve("call-a")));
        Files.writeString(d.command(), "echo hi\n");
        Files.writeString(d.taskLog(), "log\n");
        Files.createDirectories(d.inputs().resolve("0"));
        Files.createSymbolicLink(d.inputs().resolve("0/in.txt"), tmp.resolve("elsewhere"));
        Files.writeString(d.work().resolve("partial.txt"), "half");
        Files.writeString(d.stdout(), "out\n");
        Files.writeString(d.stderr(), "err\n");
        Files.writeString(d.rc(), "1");
        Files.createDirectories(d.batchAttempt(1).resolve("work"));
        Files.writeString(d.batchAttempt(1).resolve("stdout.txt"), "killed\n");

        d.archiveAttempt(1);

        assertThat(d.stdout()).doesNotExist();
        assertThat(d.stderr()).doesNotExist();
        assertThat(d.rc()).doesNotExist();
        assertThat(d.work()).doesNotExist();
        assertThat(d.batchAttempt(1)).doesNotExist();
        assertThat(d.command()).hasContent("echo hi");
        assertThat(d.taskLog()).exists();
        Path a = d.attempt(1);
        assertThat(a.resolve("stdout.txt")).hasContent("out");
        assertThat(a.resolve("rc")).hasContent("1");
        assertThat(a.resolve("work/partial.txt")).hasContent("half");
        assertThat(Files.isSymbolicLink(a.resolve("work/_inputs/0/in.txt"))).isTrue(); // a dangling link moves too
        assertThat(a.resolve("batch-attempt-1/stdout.txt")).hasContent("killed");
    }

    @Test
    void anAttemptThatWroteNothingLeavesAnEmptyArchive() throws Exception {
        TaskDirectory d = new TaskDirectory(Files.createDirectories(tmp.resolve("call-b")));
        d.archiveAttempt(2);
        assertThat(d.attempt(2)).isEmptyDirectory();
    }
}
