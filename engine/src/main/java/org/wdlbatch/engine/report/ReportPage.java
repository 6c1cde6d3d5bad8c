package org.wdlbatch.engine.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS, SVG and a few lines of JavaScript; nothing fetched
 * from the network), in sections: summary, timeline, requested vs used resources, cost estimate, workflow graph,
 * failures. The timeline has one {@code g.attempt} per attempt that ran (cache hits ran nothing), carrying the
 * same values as its {@code trace.tsv} row in {@code data-*} attributes.
 */
public final class ReportPage {

    public static final String FILE = "report.html";

    /** A failed or retried attempt and the end of its stderr. */
    public record Failure(AttemptRecord attempt, String stderrTail) {}

    private final String runName;
    private final RunSummary summary;
    private final List<AttemptRecord> attempts;
    private final CostSettings cost;
    private final String graphSvg;
    private final String graphNote;
    private final List<Failure> failures;
    private final List<AttemptLedger.ImageRecord> images;

    public ReportPage(String runName, RunSummary summary, List<AttemptRecord> attempts, CostSettings cost,
            String graphSvg, String graphNote, List<Failure> failures, List<AttemptLedger.ImageRecord> images) {
        this.images = List.copyOf(images);
        this.runName = runName;
        this.summary = summary;
        this.attempts = TraceTable.ordered(attempts);
        this.cost = cost;
        this.graphSvg = graphSvg;
        this.graphNote = graphNote;
        this.failures = List.copyOf(failures);
    }

    public String render() {
        StringBuilder sb = new StringBuilder(16384);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>wdlbatch report: ")
                .append(Html.esc(runName)).append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n");
        sb.append("<h1>").append(Html.esc(runName)).append(" <span class=\"status s-").append(Html.esc(summary.status()))
                .append("\">").append(Html.esc(summary.status())).append("</span></h1>\n");
        summary(sb);
        timeline(sb);
        resources(sb);
        costs(sb);
        sb.append("<h2>Workflow graph</h2>\n");
        sb.append(graphSvg != null ? "<div class=\"scroll\">" + graphSvg + "</div>" : "<p class=\"note\">"
                + Html.esc(graphNote) + "</p>").append('\n');
        images(sb);
        failures(sb);
        sb.append("<script>").append(JS).append("</script>\n</body></html>\n");
        return sb.toString();
    }

    private void summary(StringBuilder sb) {
        RunSummary s = summary;
        sb.append("<table id=\"summary\" class=\"kv\" data-status=\"").append(Html.esc(s.status()))
                .append("\" data-calls=\"").append(s.calls()).append("\" data-attempts=\"").append(s.attempts())
                .append("\" data-retries=\"").append(s.retries()).append("\" data-reclaims=\"").append(s.reclaims())
                .append("\" data-cache-hits=\"").append(s.cacheHits()).append("\">\n");
        row(sb, "status", s.status());
        row(sb, "started", s.started() == null ? "-" : Instant.ofEpochMilli(s.started()).toString());
        row(sb, "ended", s.ended() == null ? "-" : Instant.ofEpochMilli(s.ended()).toString());
        row(sb, "duration", s.seconds() == null ? "-" : duration(s.seconds()));
        row(sb, "calls", Integer.toString(s.calls()));
        row(sb, "attempts run", Integer.toString(s.attempts()));
        row(sb, "retried attempts", Integer.toString(s.retries()));
        row(sb, "spot reclaims", Integer.toString(s.reclaims()));
        row(sb, "call cache hits", Integer.toString(s.cacheHits()));
        row(sb, "failed calls", Integer.toString(s.failedCalls()));
        sb.append("</table>\n");
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(Html.esc(v)).append("</td></tr>\n");
    }

    private void timeline(StringBuilder sb) {
        List<AttemptRecord> ran = attempts.stream().filter(a -> !AttemptRecord.CACHED.equals(a.outcome())).toList();
        sb.append("<h2>Timeline <small id=\"bar-count\"></small></h2>\n<p class=\"legend\"><span class=\"k queue\"></span>queued (submitted to"
                + " started) <span class=\"k s-succeeded\"></span>ran, succeeded <span class=\"k s-retried\"></span>"
                + "ran, retried <span class=\"k s-reclaimed\"></span>spot reclaim <span class=\"k s-failed\"></span>"
                + "failed <span class=\"k s-terminated\"></span>terminated &mdash; click a bar for its details</p>\n");
        if (ran.isEmpty()) {
            sb.append("<p class=\"note\">No attempt ran.</p>\n");
            return;
        }
        long t0 = ran.stream().map(AttemptRecord::queuedAt).filter(java.util.Objects::nonNull).min(Long::compare)
                .orElse(0L);
        long t1 = ran.stream().map(AttemptRecord::runEnd).filter(java.util.Objects::nonNull).max(Long::compare)
                .orElse(t0 + 1);
        double span = Math.max(1, t1 - t0);
        int label = 210;
        int plot = 1100;
        int rowH = 14;
        int top = 22;
        int height = top + ran.size() * rowH + 6;
        sb.append("<div class=\"scroll\"><svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(label + plot + 20).append("\" height=\"").append(height).append("\">\n");
        for (int i = 0; i <= 6; i++) {
            double x = label + plot * i / 6.0;
            sb.append("<line class=\"tick\" x1=\"").append(f(x)).append("\" y1=\"14\" x2=\"").append(f(x))
                    .append("\" y2=\"").append(height).append("\"/><text class=\"tick\" x=\"").append(f(x))
                    .append("\" y=\"11\" text-anchor=\"middle\">").append(duration(span * i / 6.0 / 1000))
                    .append("</text>\n");
        }
        for (int i = 0; i < ran.size(); i++) {
            AttemptRecord a = ran.get(i);
            double y = top + i * rowH;
            long q = a.queuedAt() == null ? t0 : a.queuedAt();
            long s = a.runStart() == null ? q : Math.max(q, a.runStart());
            long e = a.runEnd() == null ? s : Math.max(s, a.runEnd());
            double xq = label + plot * (q - t0) / span;
            double xs = label + plot * (s - t0) / span;
            double xe = label + plot * (e - t0) / span;
            String cls = a.reclaimed() ? "reclaimed" : a.outcome();
            Double realtime = TraceTable.realtimeSeconds(a);
            sb.append("<g class=\"attempt s-").append(Html.esc(cls)).append("\" data-call=\"").append(Html.esc(a.call()))
                    .append("\" data-attempt=\"").append(a.attempt()).append("\" data-status=\"")
                    .append(Html.esc(a.outcome())).append("\" data-reclaimed=\"").append(a.reclaimed())
                    .append("\" data-submit=\"").append(TraceTable.time(a.queuedAt())).append("\" data-start=\"")
                    .append(TraceTable.time(a.runStart())).append("\" data-complete=\"")
                    .append(TraceTable.time(a.runEnd())).append("\" data-realtime=\"")
                    .append(realtime == null ? "-" : TraceTable.fmt(realtime)).append("\" data-job=\"")
                    .append(Html.esc(a.jobId() == null ? "-" : a.jobId())).append("\" data-queue=\"")
                    .append(Html.esc(a.queue() == null ? "-" : a.queue())).append("\">");
            sb.append("<text class=\"label\" x=\"").append(label - 6).append("\" y=\"").append(f(y + 10))
                    .append("\" text-anchor=\"end\">").append(Html.esc(Html.shorten(a.call(), 26)))
                    .append(a.attempt() > 1 ? " #" + a.attempt() : "").append("</text>");
            sb.append("<rect class=\"queue\" x=\"").append(f(xq)).append("\" y=\"").append(f(y + 3))
                    .append("\" width=\"").append(f(Math.max(0, xs - xq))).append("\" height=\"6\"/>");
            sb.append("<rect class=\"run\" x=\"").append(f(xs)).append("\" y=\"").append(f(y + 1))
                    .append("\" width=\"").append(f(Math.max(1.5, xe - xs))).append("\" height=\"10\"/>");
            if (a.reclaimed()) {
                sb.append("<text class=\"mark\" x=\"").append(f(xe + 3)).append("\" y=\"").append(f(y + 10))
                        .append("\">reclaimed</text>");
            } else if (AttemptRecord.RETRIED.equals(a.outcome())) {
                sb.append("<text class=\"mark\" x=\"").append(f(xe + 3)).append("\" y=\"").append(f(y + 10))
                        .append("\">retried</text>");
            }
            sb.append("<title>").append(Html.esc(a.call() + " attempt " + a.attempt() + ": " + a.outcome()
                    + (a.exitCode() != null ? " (exit " + a.exitCode() + ")" : "")
                    + "; queued " + duration((s - q) / 1000.0) + ", ran " + duration((e - s) / 1000.0)))
                    .append("</title></g>\n");
        }
        sb.append("</svg></div>\n<pre id=\"detail\" class=\"detail\">(click a bar)</pre>\n");
    }

    private void resources(StringBuilder sb) {
        Map<String, List<AttemptRecord>> byName = new LinkedHashMap<>();
        attempts.stream().filter(a -> !AttemptRecord.CACHED.equals(a.outcome()))
                .forEach(a -> byName.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a));
        sb.append("<h2>Requested vs used</h2>\n<p class=\"note\">Per task call (all its scatter items and attempts):"
                + " what it asked for and the most it used. Peak memory needs the container's cgroup (AWS Batch);"
                + " host runs record CPU time only. A call using under half of what it asked for is marked.</p>\n"
                + "<table id=\"resources\" class=\"grid\"><tr><th>call</th><th>attempts</th><th>CPUs asked</th>"
                + "<th>CPU used (mean)</th><th>memory asked</th><th>peak memory</th><th></th></tr>\n");
        byName.forEach((name, list) -> {
            double cpus = list.stream().mapToDouble(AttemptRecord::cpus).max().orElse(0);
            long mem = list.stream().mapToLong(AttemptRecord::memoryBytes).max().orElse(0);
            var pcts = list.stream().map(TraceTable::percentCpu).filter(java.util.Objects::nonNull).toList();
            Double usedCpus = pcts.isEmpty() ? null : pcts.stream().mapToDouble(d -> d).average().orElse(0) / 100;
            var peaks = list.stream().map(a -> a.usage() == null ? null : a.usage().memoryPeakBytes())
                    .filter(java.util.Objects::nonNull).toList();
            Long peak = peaks.isEmpty() ? null : peaks.stream().mapToLong(l -> l).max().orElse(0);
            boolean overCpu = usedCpus != null && cpus > 0 && usedCpus < cpus / 2;
            boolean overMem = peak != null && mem > 0 && peak < mem / 2;
            sb.append("<tr data-call=\"").append(Html.esc(name)).append("\"><td>").append(Html.esc(name))
                    .append("</td><td>").append(list.size()).append("</td><td>").append(TraceTable.fmt(cpus))
                    .append("</td><td>").append(usedCpus == null ? "-" : String.format(Locale.ROOT, "%.2f", usedCpus))
                    .append(bar(usedCpus, cpus)).append("</td><td>").append(bytes(mem)).append("</td><td>")
                    .append(peak == null ? "-" : bytes(peak)).append(bar(peak == null ? null : (double) peak, mem))
                    .append("</td><td>").append(overCpu || overMem ? "<span class=\"over\">over-asks "
                            + (overCpu && overMem ? "CPU and memory" : overCpu ? "CPU" : "memory") + "</span>" : "")
                    .append("</td></tr>\n");
        });
        sb.append("</table>\n");
    }

    private static String bar(Double used, double asked) {
        if (used == null || asked <= 0) {
            return "";
        }
        double frac = Math.min(1, used / asked);
        return "<svg class=\"usebar\" width=\"80\" height=\"8\"><rect width=\"80\" height=\"8\" class=\"asked\"/>"
                + "<rect width=\"" + f(80 * frac) + "\" height=\"8\" class=\"used\"/></svg>";
    }

    private void costs(StringBuilder sb) {
        double spotVcpuH = 0;
        double spotGibH = 0;
        double odVcpuH = 0;
        double odGibH = 0;
        double spot = 0;
        double od = 0;
        for (AttemptRecord a : attempts) {
            Double secs = TraceTable.realtimeSeconds(a);
            if (secs == null) {
                continue;
            }
            double h = secs / 3600;
            double gib = a.memoryBytes() / (double) (1L << 30);
            if (CostSettings.onDemand(a)) {
                odVcpuH += h * a.cpus();
                odGibH += h * gib;
                od += cost.task(a, h);
            } else {
                spotVcpuH += h * a.cpus();
                spotGibH += h * gib;
                spot += cost.task(a, h);
            }
        }
        double wfH = summary.seconds() == null ? 0 : summary.seconds() / 3600;
        double wf = cost.workflowJob(wfH);
        String cur = Html.esc(cost.currency());
        sb.append("<h2>Cost estimate</h2>\n<p class=\"note\">An <b>estimate</b>: run time &times; requested size"
                + " &times; the <code>[cost]</code> prices (dated ").append(Html.esc(cost.pricesDate()))
                .append("). It leaves out storage (EFS, S3), logs, data transfer and instance time between jobs;"
                        + " spot prices vary. A run on the local backend shows what it would have cost on AWS.</p>\n");
        sb.append("<table id=\"cost\" class=\"grid\" data-total=\"").append(String.format(Locale.ROOT, "%.6f",
                spot + od + wf)).append("\"><tr><th>what</th><th>vCPU-hours</th><th>GiB-hours</th><th>")
                .append(cur).append("</th></tr>\n");
        costRow(sb, "task jobs, EC2 spot", spotVcpuH, spotGibH, spot);
        costRow(sb, "task jobs, EC2 on-demand", odVcpuH, odGibH, od);
        costRow(sb, "workflow job, Fargate (" + TraceTable.fmt(cost.workflowCpu()) + " vCPU, "
                + TraceTable.fmt(cost.workflowMemoryGib()) + " GiB)", wfH * cost.workflowCpu(),
                wfH * cost.workflowMemoryGib(), wf);
        sb.append("<tr class=\"total\"><th>total</th><td></td><td></td><td>").append(money(spot + od + wf))
                .append("</td></tr>\n</table>\n");
    }

    private static void costRow(StringBuilder sb, String what, double vcpuH, double gibH, double money) {
        sb.append("<tr><td>").append(Html.esc(what)).append("</td><td>").append(String.format(Locale.ROOT, "%.3f",
                vcpuH)).append("</td><td>").append(String.format(Locale.ROOT, "%.3f", gibH)).append("</td><td>")
                .append(money(money)).append("</td></tr>\n");
    }

    /** The images the tasks ran, with the digest the call cache keyed them by (docs/containers.md). */
    private void images(StringBuilder sb) {
        if (images.isEmpty()) {
            return; // tasks on the host, or digests turned off ([call_cache] image_digests)
        }
        sb.append("<h2>Images</h2>\n<table id=\"images\"><tr><th>image</th><th>digest</th><th>from</th></tr>\n");
        for (AttemptLedger.ImageRecord i : images) {
            sb.append("<tr><td>").append(Html.esc(i.image())).append("</td><td>")
                    .append(Html.esc(i.digest() != null ? i.digest() : "unresolved: " + i.note()))
                    .append("</td><td>").append(Html.esc(i.digest() != null ? i.source() : "the tag was the cache key"))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    private void failures(StringBuilder sb) {
        sb.append("<h2>Failures</h2>\n");
        if (failures.isEmpty()) {
            sb.append("<p class=\"note\">No attempt failed.</p>\n");
            return;
        }
        sb.append("<div id=\"failures\">\n");
        for (Failure f : failures) {
            AttemptRecord a = f.attempt();
            sb.append("<div class=\"failure\" data-call=\"").append(Html.esc(a.call())).append("\"><h3>")
                    .append(Html.esc(a.call() + " attempt " + a.attempt() + ": " + a.outcome()))
                    .append("</h3><p>").append(Html.esc(describe(a))).append("</p><pre>")
                    .append(Html.esc(f.stderrTail().isEmpty() ? "(stderr is empty)" : f.stderrTail()))
                    .append("</pre></div>\n");
        }
        sb.append("</div>\n");
    }

    private static String describe(AttemptRecord a) {
        List<String> parts = new ArrayList<>();
        if (a.exitKind() != null) {
            parts.add(a.exitKind().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (a.exitCode() != null) {
            parts.add("exit status " + a.exitCode());
        }
        if (a.reason() != null) {
            parts.add(a.reason());
        }
        if (a.jobId() != null) {
            parts.add("job " + a.jobId() + (a.queue() != null ? " on " + a.queue() : ""));
        }
        return String.join("; ", parts);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return seconds < 10 ? String.format(Locale.ROOT, "%.1fs", seconds) : s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return s / 3600 + "h" + String.format(Locale.ROOT, "%02d", s % 3600 / 60) + "m";
    }

    private static String bytes(long b) {
        double gib = b / (double) (1L << 30);
        return gib >= 1 ? String.format(Locale.ROOT, "%.2f GiB", gib)
                : String.format(Locale.ROOT, "%.0f MiB", b / (double) (1L << 20));
    }

    private static String money(double m) {
        return String.format(Locale.ROOT, "%.4f", m);
    }

    private static String f(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222}
            h1 .status{font-size:60%;padding:2px 8px;border-radius:4px;color:#fff;background:#888;vertical-align:middle}
            h1 .s-succeeded{background:#2e7d32}h1 .s-failed{background:#c62828}
            table.kv th{text-align:left;padding-right:16px;font-weight:600}
            table.grid{border-collapse:collapse}table.grid td,table.grid th{border:1px solid #ddd;padding:3px 8px}
            table.grid th{background:#f4f4f4}tr.total{font-weight:600}
            .note{color:#555;max-width:70em}.scroll{overflow-x:auto}
            svg text{font-size:11px;fill:#333}text.tick{fill:#777}line.tick{stroke:#eee}
            rect.queue{fill:#c9c9c9}g.attempt rect.run{fill:#2e7d32}g.s-retried rect.run{fill:#ef6c00}
            g.s-reclaimed rect.run{fill:#6a1b9a}g.s-failed rect.run{fill:#c62828}g.s-terminated rect.run{fill:#757575}
            g.attempt{cursor:pointer}g.attempt:hover rect.run{stroke:#000;stroke-width:1}text.mark{fill:#6a1b9a;font-size:10px}g.s-retried text.mark{fill:#ef6c00}
            .legend .k{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px}
            .k.queue{background:#c9c9c9}.k.s-succeeded{background:#2e7d32}.k.s-retried{background:#ef6c00}
            .k.s-reclaimed{background:#6a1b9a}.k.s-failed{background:#c62828}.k.s-terminated{background:#757575}
            pre.detail{background:#f7f7f7;padding:6px;min-height:2em}
            .usebar{margin-left:6px;vertical-align:middle}.usebar .asked{fill:#e0e0e0}.usebar .used{fill:#1565c0}
            .over{color:#c62828;font-weight:600}
            #graph rect{fill:#fff;stroke:#555}#graph .g-succeeded rect{fill:#c8e6c9}#graph .g-failed rect{fill:#ffcdd2}
            #graph .g-section rect{fill:#f4f4f4;stroke-dasharray:4 2}line.edge{stroke:#666}line.edge.nested{stroke-dasharray:3 3}
            .failure pre{background:#fff3f3;padding:6px;max-height:20em;overflow:auto}
            """;

    private static final String JS = """
            var bars = document.querySelectorAll('#timeline g.attempt');
            document.getElementById('bar-count').textContent = bars.length + ' attempt' + (bars.length === 1 ? '' : 's');
            bars.forEach(function (g) {
              g.addEventListener('click', function () {
                var d = g.dataset;
                document.getElementById('detail').textContent = d.call + ' attempt ' + d.attempt + ': ' + d.status
                  + (d.reclaimed === 'true' ? ' (spot reclaim)' : '') + '\\nsubmitted ' + d.submit + '  started '
                  + d.start + '  completed ' + d.complete + '  realtime ' + d.realtime + ' s\\njob ' + d.job
                  + ' on ' + d.queue;
              });
            });
            """;
}
