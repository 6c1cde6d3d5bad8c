package org.wdlbatch.engine.rundir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void namesRunsByTimeAndWorkflowAndPointsLastAtTheNewest() throws Exception {
        LocalDateTime t = LocalDateTime.of(2026, 11, 21, 9, 5, 7);
        RunDirectory first = RunDirectory.create(tmp, "hello", t);
        RunDirectory second = RunDirectory.create(tmp, "hello", t);

        assertThat(first.path().getFileName().toString()).isEqualTo("20261121_090507_hello");
        assertThat(second.path().getFileName().toString()).isEqualTo("20261121_090507_hello_2");
        assertThat(Files.isSymbolicLink(tmp.resolve("_LAST"))).isTrue();
        assertThat(tmp.resolve("_LAST").toRealPath()).isEqualTo(second.path().toRealPath());
        assertThat(Files.readSymbolicLink(tmp.resolve("_LAST")).isAbsolute())
                .as("relative link, so the tree can be moved or mounted elsewhere").isFalse();
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain(".tmp").noneMatch(n -> n.startsWith("._LAST"));
        }
    }

    @Test
    void callDirectoriesCarryScatterIndexes() throws Exception {
        RunDirectory run = RunDirectory.create(tmp, "wf", LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        assertThat(run.callDir("align").getFileName().toString()).isEqualTo("call-align");
        assertThat(run.callDir("align", 3, 0).getFileName().toString()).isEqualTo("call-align-3-0");
        assertThat(run.callCacheDir()).isEqualTo(tmp.toAbsolutePath().resolve("_CACHE/call"));
    }
}
