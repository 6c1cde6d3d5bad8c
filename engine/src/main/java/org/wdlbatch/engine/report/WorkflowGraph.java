package org.wdlbatch.engine.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.engine.workflow.PlanNode;
import org.wdlbatch.engine.workflow.WorkflowPlan;

/**
 * The workflow's calls and sections (scatters, conditionals) and what waits for what, from the engine's
 * {@link WorkflowPlan}: declarations are left out and the dependencies that run through them kept. Drawn as SVG
 * in layers, each node below everything it waits for.
 */
public final class WorkflowGraph {

    /** A call ({@code kind = call}, {@code name} its call name) or a section ({@code scatter}, {@code if}). */
    public record Node(String id, String name, String kind) {}

    /** {@code to} waits for {@code from}; {@code nested}: {@code to} is inside the section {@code from}. */
    public record Edge(String from, String to, boolean nested) {}

    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();

    private WorkflowGraph() {}

    public static WorkflowGraph of(WorkflowPlan plan) {
        WorkflowGraph g = new WorkflowGraph();
        g.scope(plan.top(), null);
        return g;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    private void scope(PlanNode.Scope scope, String section) {
        List<PlanNode> list = scope.nodes();
        for (int i = 0; i < list.size(); i++) {
            PlanNode n = list.get(i);
            if (n instanceof PlanNode.Decl) {
                continue;
            }
            Node node;
            if (n instanceof PlanNode.Call c) {
                node = new Node(c.id(), c.call().name(), "call");
            } else if (n instanceof PlanNode.Scatter s) {
                node = new Node(s.id(), "scatter " + s.scatter().variable(), "scatter");
            } else {
                node = new Node(n.id(), "if", "if");
            }
            nodes.add(node);
            Set<Integer> deps = new LinkedHashSet<>();
            waitsFor(list, i, deps, new java.util.HashSet<>());
            for (int d : deps) {
                edges.add(new Edge(list.get(d).id(), node.id(), false));
            }
            if (deps.isEmpty() && section != null) {
                edges.add(new Edge(section, node.id(), true));
            }
            if (n instanceof PlanNode.Scatter s) {
                scope(s.body(), s.id());
            } else if (n instanceof PlanNode.Conditional c) {
                scope(c.body(), c.id());
            }
        }
    }

    /** The calls and sections node {@code i} waits for, directly or through declarations. */
    private static void waitsFor(List<PlanNode> list, int i, Set<Integer> out, Set<Integer> seen) {
        for (int d : list.get(i).dependencies()) {
            if (!seen.add(d)) {
                continue;
            }
            if (list.get(d) instanceof PlanNode.Decl) {
                waitsFor(list, d, out, seen);
            } else {
                out.add(d);
            }
        }
    }

    /** The layer of each node: one more than the deepest node it waits for. */
    Map<String, Integer> layers() {
        Map<String, List<String>> preds = new HashMap<>();
        edges.forEach(e -> preds.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from()));
        Map<String, Integer> layer = new LinkedHashMap<>();
        for (Node n : nodes) {
            layerOf(n.id(), preds, layer);
        }
        return layer;
    }

    private static int layerOf(String id, Map<String, List<String>> preds, Map<String, Integer> layer) {
        Integer known = layer.get(id);
        if (known != null) {
            return known;
        }
        layer.put(id, 0); // a cycle cannot happen in a checked workflow; this only guards the recursion
        int l = 0;
        for (String p : preds.getOrDefault(id, List.of())) {
            l = Math.max(l, layerOf(p, preds, layer) + 1);
        }
        layer.put(id, l);
        return l;
    }

    /** The graph as an SVG element; calls coloured by {@code statusByCall} (call name to a CSS class suffix). */
    public String svg(Map<String, String> statusByCall) {
        Map<String, Integer> layer = layers();
        Map<Integer, List<Node>> rows = new java.util.TreeMap<>();
        for (Node n : nodes) {
            rows.computeIfAbsent(layer.get(n.id()), k -> new ArrayList<>()).add(n);
        }
        int w = 170;
        int h = 64;
        int widest = rows.values().stream().mapToInt(List::size).max().orElse(1);
        Map<String, int[]> at = new HashMap<>();
        rows.forEach((l, ns) -> {
            int offset = (widest - ns.size()) * w / 2;
            for (int i = 0; i < ns.size(); i++) {
                at.put(ns.get(i).id(), new int[] {10 + offset + i * w, 10 + l * h});
            }
        });
        StringBuilder sb = new StringBuilder();
        sb.append("<svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(widest * w + 20)
                .append("\" height=\"").append(rows.size() * h + 20).append("\">")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\""
                        + " markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#666\"/></marker>"
                        + "</defs>");
        for (Edge e : edges) {
            int[] a = at.get(e.from());
            int[] b = at.get(e.to());
            if (a == null || b == null) {
                continue;
            }
            sb.append("<line class=\"edge").append(e.nested() ? " nested" : "").append("\" x1=\"").append(a[0] + 75)
                    .append("\" y1=\"").append(a[1] + 34).append("\" x2=\"").append(b[0] + 75).append("\" y2=\"")
                    .append(b[1]).append("\" marker-end=\"url(#arrow)\"/>");
        }
        for (Node n : nodes) {
            int[] p = at.get(n.id());
            String status = n.kind().equals("call") ? statusByCall.getOrDefault(n.name(), "notrun") : "section";
            sb.append("<g class=\"node ").append(n.kind()).append(" g-").append(status).append("\" data-call=\"")
                    .append(Html.esc(n.name())).append("\"><rect x=\"").append(p[0]).append("\" y=\"").append(p[1])
                    .append("\" width=\"150\" height=\"34\" rx=\"").append(n.kind().equals("call") ? 4 : 17)
                    .append("\"/><text x=\"").append(p[0] + 75).append("\" y=\"").append(p[1] + 21)
                    .append("\" text-anchor=\"middle\">").append(Html.esc(Html.shorten(n.name(), 22)))
                    .append("</text><title>").append(Html.esc(n.kind() + " " + n.name())).append("</title></g>");
        }
        return sb.append("</svg>").toString();
    }
}
