package org.wdlbatch.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.inputs.RunTarget;
import org.wdlbatch.engine.rundir.RunRecord;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.engine.workflow.WorkflowPlan;
import org.wdlbatch.wdl.check.Frontend;

/**
 * Writes a run directory's {@code trace.tsv} and {@code report.html} from what the run left there: the attempt
 * ledger, the WDL it ran ({@code run.json}, for the graph) and the failed attempts' stderr. At the end of every
 * run, and again with {@code wdlbatch report RUN_DIR}.
 */
public final class RunReport {

    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);
    private static final int STDERR_TAIL_BYTES = 4096;
    private static final int STDERR_TAIL_LINES = 40;

    private RunReport() {}

    /** Writes both files; throws when the run directory cannot be read or written. */
    public static void write(Path runDir, Config config) throws IOException {
        AttemptLedger.Contents ledger = AttemptLedger.read(runDir);
        List<AttemptRecord> attempts = ledger.attempts();
        writeAtomically(runDir.resolve(TraceTable.FILE), TraceTable.render(attempts));
        Map<String, String> statusByCall = new HashMap<>();
        for (AttemptRecord a : attempts) {
            String s = AttemptRecord.FAILED.equals(a.outcome()) ? "failed"
                    : AttemptRecord.SUCCEEDED.equals(a.outcome()) || AttemptRecord.CACHED.equals(a.outcome())
                            ? "succeeded" : null;
            if (s != null && !"failed".equals(statusByCall.get(a.name()))) {
                statusByCall.put(a.name(), s);
            }
        }
        String graph = null;
        String graphNote = null;
        try {
            WorkflowPlan plan = plan(runDir);
            if (plan == null) {
                graphNote = "The run is a single task: no workflow graph.";
            } else {
                graph = WorkflowGraph.of(plan).svg(statusByCall);
            }
        } catch (Exception e) {
            graphNote = "The workflow graph could not be drawn: " + e.getMessage();
        }
        List<ReportPage.Failure> failures = new ArrayList<>();
        for (AttemptRecord a : TraceTable.ordered(attempts)) {
            String o = a.outcome();
            if (AttemptRecord.FAILED.equals(o) || AttemptRecord.RETRIED.equals(o)) {
                failures.add(new ReportPage.Failure(a, stderrTail(runDir, a)));
            }
        }
        String page = new ReportPage(runDir.getFileName().toString(), RunSummary.of(ledger), attempts,
                CostSettings.of(config), graph, graphNote, failures, ledger.images()).render();
        writeAtomically(runDir.resolve(ReportPage.FILE), page);
    }

    /** As {@link #write}, logging instead of throwing: a run's result never depends on its report. */
    public static void writeQuietly(Path runDir, Config config) {
        try {
            write(runDir, config);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the run's report ({} and {}) in {}: {}", TraceTable.FILE, ReportPage.FILE, runDir,
                    e.toString());
        }
    }

    /** The plan of the workflow the run ran, or null for a task run on its own. */
    private static WorkflowPlan plan(Path runDir) throws Exception {
        RunRecord record = RunRecord.read(runDir);
        String source = record.source(runDir);
        RunTarget t = RunTarget.of(new Frontend().check(source), source, record.task());
        return t.workflow() == null ? null : WorkflowPlan.of(t.workflow().definition());
    }

    /** The end of the attempt's stderr: in the task directory for the last attempt, else in attempt-<n>/. */
    private static String stderrTail(Path runDir, AttemptRecord a) {
        TaskDirectory dir = new TaskDirectory(runDir.resolve(a.call()));
        Path file = AttemptRecord.RETRIED.equals(a.outcome()) ? dir.attempt(a.attempt()).resolve(TaskDirectory.STDERR)
                : dir.stderr();
        try {
            String[] lines = org.wdlbatch.engine.rundir.FileTail.read(file, STDERR_TAIL_BYTES).split("\n", -1);
            int first = Math.max(0, lines.length - STDERR_TAIL_LINES - 1);
            return String.join("\n", java.util.Arrays.copyOfRange(lines, first, lines.length)).strip();
        } catch (IOException e) {
            return "(no stderr: " + file + ")";
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
