package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.json.JsonText;

/** {@code wdlbatch report RUN_DIR} rebuilds what a run wrote at its end, with the prices of the configuration. */
class ReportCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int wdlbatch(String... args) {
        return WdlbatchMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void rebuildsTheReportAndTraceOfARunWithOtherPrices() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.0
                task t { input { Int i } command <<< echo ~{i} >>> output { Int o = read_int(stdout()) } }
                workflow wf { scatter (i in [1, 2]) { call t { input: i = i } } }
                """);
        assertThat(wdlbatch("run", wdl.toString(), "--dir", tmp.resolve("runs").toString())).as(err.toString())
                .isZero();
        Path dir = Path.of(JsonText.read(out.toString()).get("dir").asText());
        String trace = Files.readString(dir.resolve("trace.tsv"));
        assertThat(Files.readString(dir.resolve("report.html"))).contains("USD");
        Files.delete(dir.resolve("report.html"));
        Files.delete(dir.resolve("trace.tsv"));
        Path cfg = Files.writeString(tmp.resolve("prices.cfg"), "[cost]\ncurrency = EUR\n");

        assertThat(wdlbatch("report", tmp.resolve("runs/_LAST").toString(), "--cfg", cfg.toString()))
                .as(err.toString()).isZero();
        assertThat(Files.readString(dir.resolve("trace.tsv"))).isEqualTo(trace);
        assertThat(Files.readString(dir.resolve("report.html"))).contains("EUR").contains("id=\"graph\"");
        assertThat(out.toString()).contains("wrote " + dir.resolve("report.html"));
    }

    @Test
    void aFolderThatIsNoRunDirectoryIsAUsageError() throws Exception {
        assertThat(wdlbatch("report", tmp.toString())).isEqualTo(WdlbatchMain.EXIT_USAGE);
        assertThat(err.toString()).contains("is not a run directory");
        assertThat(wdlbatch("report", tmp.resolve("nope").toString())).isEqualTo(WdlbatchMain.EXIT_USAGE);
    }

    @Test
    void helpShowsExamples() {
        assertThat(wdlbatch("report", "--help")).isZero();
        assertThat(out.toString()).contains("Examples:", "wdlbatch report wdlbatch_run/_LAST");
    }
}
