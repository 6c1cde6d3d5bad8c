package org.wdlbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.config.ConfigException;
import org.wdlbatch.engine.report.AttemptLedger;
import org.wdlbatch.engine.report.ReportPage;
import org.wdlbatch.engine.report.RunReport;
import org.wdlbatch.engine.report.TraceTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wdlbatch report RUN_DIR}: writes the run's report.html and trace.tsv again from its run directory. */
@Command(name = "report", mixinStandardHelpOptions = true, description = {
        "Rebuild report.html and trace.tsv of a run from its run directory (every run writes them when it ends;",
        "rebuild after changing the [cost] prices, or for a run still in progress or killed before its end).",
        "Reads the run's attempts.jsonl, run.json and the failed attempts' stderr; writes nothing else."},
        footer = {"", "Examples:",
                "  wdlbatch report wdlbatch_run/_LAST",
                "  wdlbatch report /mnt/efs/wdlbatch_run/20260101_120000_align --cfg prices.cfg",
                "  WDLBATCH__COST__EC2_SPOT_VCPU_HOUR=0.012 wdlbatch report runs/20260101_120000_align",
                "", "See docs/report.md for how to read the report and the trace.tsv columns."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run directory (e.g. <dir>/_LAST)")
    Path runDir;

    @Option(names = "--cfg", paramLabel = "FILE", description = "configuration file read after the defaults and"
            + " ~/.config/wdlbatch.cfg (for the [cost] prices)")
    Path cfg;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        Path dir = runDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            err.println("wdlbatch report: " + runDir + " is not a directory; give a run directory, e.g."
                    + " wdlbatch_run/_LAST");
            return WdlbatchMain.EXIT_USAGE;
        }
        if (!Files.isRegularFile(dir.resolve(AttemptLedger.FILE)) && !Files.isRegularFile(dir.resolve("run.json"))) {
            err.println("wdlbatch report: " + runDir + " is not a run directory (no " + AttemptLedger.FILE
                    + " nor run.json in it)");
            return WdlbatchMain.EXIT_USAGE;
        }
        try {
            dir = dir.toRealPath(); // _LAST is a link: the report names the run, not the link
        } catch (IOException e) {
            err.println("wdlbatch report: cannot read " + runDir + ": " + e.getMessage());
            return WdlbatchMain.EXIT_USAGE;
        }
        Config config;
        try {
            Config.Builder b = Config.builder().userFile();
            if (cfg != null) {
                b.file(cfg, true);
            }
            config = b.environment(System.getenv()).build();
        } catch (ConfigException e) {
            err.println("wdlbatch report: " + e.getMessage());
            return WdlbatchMain.EXIT_USAGE;
        }
        try {
            RunReport.write(dir, config);
        } catch (IOException e) {
            err.println("wdlbatch report: cannot write the report in " + dir + ": " + e);
            return WdlbatchMain.EXIT_FAILED;
        }
        spec.commandLine().getOut().println("wrote " + dir.resolve(ReportPage.FILE) + " and "
                + dir.resolve(TraceTable.FILE));
        return WdlbatchMain.EXIT_OK;
    }
}
