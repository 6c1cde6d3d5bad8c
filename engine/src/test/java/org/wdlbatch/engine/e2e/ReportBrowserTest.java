package org.wdlbatch.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.report.TraceTable;

/**
 * report.html in a real browser (headless Chromium): the page loads from the file alone, its script runs, the
 * timeline holds one bar per attempt that ran, and each bar carries its trace.tsv row's values. Saves
 * {@code target/report.png}. Skipped, with the reason, where chromium is not installed.
 */
class ReportBrowserTest {

    @TempDir
    Path tmp;

    private static final Pattern BAR = Pattern.compile("<g class=\"attempt [^\"]*\"([^>]*)>");
    private static final Pattern ATTR = Pattern.compile("data-([a-z-]+)=\"([^\"]*)\"");

    @Test
    void theTimelineHasOneBarPerAttemptWithTheTracesNumbers() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(tmp);
        Assumptions.assumeTrue(chromium != null,
                "chromium is not installed (apt-get install -y chromium; .ci/chromium-setup does it in CI)");
        RunFixture f = new RunFixture(tmp);
        Path marks = Files.createDirectories(tmp.resolve("marks"));
        Path wdl = f.write("w.wdl", """
                version 1.0
                workflow w {
                  input { String marks }
                  scatter (i in range(6)) { call t { input: i = i, marks = marks } }
                  call sum { input: xs = t.out }
                }
                task t {
                  input { Int i  String marks }
                  command <<<
                    if [ ~{i} -eq 4 ] && [ ! -e ~{marks}/tried ]; then touch ~{marks}/tried; echo "item 4 fails once" >&2; exit 1; fi
                    sleep 0.~{i}; echo ~{i}
                  >>>
                  output { Int out = read_int(stdout()) }
                  runtime { maxRetries: 1  cpu: 1  memory: "512 MiB" }
                }
                task sum {
                  input { Array[Int] xs }
                  command <<< echo $(( ~{sep="+" xs} )) >>>
                  output { Int total = read_int(stdout()) }
                }
                """);
        Runner.Outcome o = f.run(wdl, "marks=" + marks);
        assertThat(o.succeeded()).isTrue();
        Path dir = o.runDir().path();
        List<String> trace = Files.readAllLines(dir.resolve(TraceTable.FILE));
        List<String> cols = List.of(trace.get(0).split("\t"));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : trace.subList(1, trace.size())) {
            String[] cells = line.split("\t");
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                row.put(cols.get(i), cells[i]);
            }
            rows.add(row);
        }
        assertThat(rows).hasSize(8); // 6 items, one retried, and sum

        String dom = chromium.dumpDom(dir.resolve("report.html"));
        assertThat(dom).as("the page's script ran").contains("<small id=\"bar-count\">8 attempts</small>");
        List<Map<String, String>> bars = new ArrayList<>();
        Matcher m = BAR.matcher(dom);
        while (m.find()) {
            Map<String, String> attrs = new HashMap<>();
            Matcher a = ATTR.matcher(m.group(1));
            while (a.find()) {
                attrs.put(a.group(1), a.group(2));
            }
            bars.add(attrs);
        }
        assertThat(bars).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            Map<String, String> bar = bars.get(i);
            assertThat(bar.get("call")).isEqualTo(row.get("task_id"));
            assertThat(bar.get("attempt")).isEqualTo(row.get("attempt"));
            assertThat(bar.get("status")).isEqualTo(row.get("status"));
            assertThat(bar.get("submit")).isEqualTo(row.get("submit"));
            assertThat(bar.get("start")).isEqualTo(row.get("start"));
            assertThat(bar.get("complete")).isEqualTo(row.get("complete"));
            assertThat(bar.get("realtime")).isEqualTo(row.get("realtime"));
        }
        assertThat(dom).contains("data-attempts=\"8\"", "data-retries=\"1\"", "data-cache-hits=\"0\"",
                "item 4 fails once");

        Path png = Path.of("target", "report.png");
        chromium.screenshot(dir.resolve("report.html"), png, 1400, 1000);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }
}
