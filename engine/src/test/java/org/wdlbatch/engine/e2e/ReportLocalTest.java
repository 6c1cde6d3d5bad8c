package org.wdlbatch.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.report.TraceTable;

/** trace.tsv and report.html at the end of a local run: a scatter with one retry, and a failed run. */
class ReportLocalTest {

    @TempDir
    Path tmp;

    private static final String WDL = """
            version 1.0
            workflow w {
              input { String marks  Boolean failLast = false }
              scatter (i in [0, 1, 2]) {
                call t { input: i = i, marks = marks }
              }
              if (failLast) {
                call boom { input: n = length(t.out) }
              }
            }
            task t {
              input { Int i  String marks }
              command <<<
                # item 1 fails its first attempt
                if [ ~{i} -eq 1 ] && [ ! -e ~{marks}/tried ]; then touch ~{marks}/tried; echo "first try fails" >&2; exit 3; fi
                echo ~{i}
              >>>
              output { Int out = read_int(stdout()) }
              runtime { maxRetries: 1  cpu: 2  memory: "1 GiB" }
            }
            task boom {
              input { Int n }
              command <<< echo "boom ~{n}" >&2; exit 5 >>>
            }
            """;

    @Test
    void aRunWithARetryWritesOneTraceRowPerAttemptAndAReport() throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path wdl = f.write("w.wdl", WDL);
        Path marks = Files.createDirectories(tmp.resolve("marks"));
        Runner.Outcome o = f.run(wdl, "marks=" + marks);
        assertThat(o.succeeded()).isTrue();
        Path dir = o.runDir().path();
        List<String> trace = Files.readAllLines(dir.resolve(TraceTable.FILE));
        assertThat(trace.get(0).split("\t")).containsExactlyElementsOf(TraceTable.COLUMNS);
        assertThat(trace).hasSize(1 + 4);
        List<String[]> rows = trace.stream().skip(1).map(l -> l.split("\t")).toList();
        assertThat(rows).filteredOn(r -> r[0].equals("call-t-1")).extracting(r -> r[2] + ":" + r[3] + ":" + r[4])
                .containsExactlyInAnyOrder("1:retried:3", "2:succeeded:0");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r[12]).isEqualTo("2");
            assertThat(r[13]).isEqualTo(Long.toString(1L << 30));
        });
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(count(html, "<g class=\"attempt ")).isEqualTo(4);
        assertThat(html).contains("id=\"graph\"", "data-retries=\"1\"", "first try fails")
                .doesNotContain("http://cdn", "<script src", "<link ");
    }

    @Test
    void aFailedRunStillGetsItsReportWithTheFailuresStderr() throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path wdl = f.write("w.wdl", WDL);
        Path marks = Files.createDirectories(tmp.resolve("marks"));
        Files.writeString(marks.resolve("tried"), "");
        Runner.Outcome o = f.run(wdl, "marks=" + marks, "failLast=true");
        assertThat(o.succeeded()).isFalse();
        Path dir = o.runDir().path();
        assertThat(Files.readAllLines(dir.resolve(TraceTable.FILE))).hasSize(1 + 4)
                .anyMatch(l -> l.startsWith("call-boom\tboom\t1\tfailed\t5\t"));
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("data-status=\"failed\"", "boom 3", "g-failed");
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
