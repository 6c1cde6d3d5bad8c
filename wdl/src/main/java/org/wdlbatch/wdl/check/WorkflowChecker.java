package org.wdlbatch.wdl.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.wdl.graph.CycleFinder;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Import;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.ast.WorkflowDef;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.ast.WorkflowElement.Call;
import org.wdlbatch.wdl.ast.WorkflowElement.Conditional;
import org.wdlbatch.wdl.ast.WorkflowElement.Scatter;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.types.Type;

/**
 * Checks one workflow. Names in a workflow are order-independent, so checking is two passes: first every input,
 * declaration, call and scatter/if section becomes a {@link Node} with its declared type (calls: their target's
 * outputs); then every expression is typed in the scope of where it stands. A name declared inside scatter/if
 * sections is seen from outside them lifted: {@code Array[T]} per scatter left, {@code T?} per conditional left.
 * References found while typing become dependency edges, which are then searched for cycles.
 */
final class WorkflowChecker {

    private final CheckedDocument cd;
    private final WorkflowDef wf;
    private final TypeChecker tc;
    private final List<Diagnostic> diagnostics;
    private final ExprTyper typer;
    private final Version version;

    private final Map<String, Node> byName = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<WorkflowElement, Node> sectionNodes = new IdentityHashMap<>();
    private final Map<Call, CheckedCall> calls = new IdentityHashMap<>();
    private final Map<Call, CheckedCall> callsInOrder = new LinkedHashMap<>();

    /** An input, declaration, call, or scatter/if header. */
    private final class Node {
        final WorkflowElement element; // null for nothing; inputs use their Declaration
        final List<WorkflowElement> path; // enclosing scatter/if sections, outermost first
        final String label;
        Type type; // declarations and inputs
        CheckedCall call; // calls with a known target
        boolean unknownCall; // calls whose target failed to resolve
        final Set<Node> deps = new LinkedHashSet<>();
        Type scatterItem; // scatter: the item type, once computed
        boolean computing;

        Node(WorkflowElement element, List<WorkflowElement> path, String label) {
            this.element = element;
            this.path = path;
            this.label = label;
        }

        SourcePos pos() {
            return element.pos();
        }

        /** The scope an expression of this node sees: its own sections' scatter variables, then all names. */
        Scope scope(List<WorkflowElement> where) {
            return new Scope() {
                public Binding lookup(String name) {
                    for (int i = where.size() - 1; i >= 0; i--) {
                        if (where.get(i) instanceof Scatter s && s.variable().equals(name)) {
                            Node sn = sectionNodes.get(s);
                            deps.add(sn);
                            return new Value(scatterItem(sn));
                        }
                    }
                    Node n = byName.get(name);
                    if (n == null) {
                        return null;
                    }
                    deps.add(n);
                    if (n.element instanceof Call) {
                        if (n.call == null) {
                            return new Value(Type.ANY);
                        }
                        return new CallOutputs(n.label, n.call.outputTypes(), t -> lift(t, n.path, where));
                    }
                    return new Value(lift(n.type, n.path, where));
                }

                public Collection<String> names() {
                    Set<String> all = new LinkedHashSet<>(byName.keySet());
                    for (WorkflowElement w : where) {
                        if (w instanceof Scatter s) {
                            all.add(s.variable());
                        }
                    }
                    return all;
                }
            };
        }
    }

    WorkflowChecker(CheckedDocument cd, WorkflowDef wf, TypeChecker tc) {
        this.cd = cd;
        this.wf = wf;
        this.tc = tc;
        this.diagnostics = tc.diagnostics();
        this.version = cd.document().version();
        this.typer = new ExprTyper(version, cd.structs, diagnostics);
    }

    /** {@code declared}'s type seen from {@code where}: lifted through the sections it is inside and {@code where} is not. */
    private static Type lift(Type t, List<WorkflowElement> declared, List<WorkflowElement> where) {
        int common = 0;
        while (common < declared.size() && common < where.size() && declared.get(common) == where.get(common)) {
            common++;
        }
        for (int i = declared.size() - 1; i >= common; i--) {
            if (declared.get(i) instanceof Scatter) {
                t = new Type.ArrayType(t, false, false);
            } else {
                t = t.asOptional();
            }
        }
        return t;
    }

    private Type scatterItem(Node sn) {
        if (sn.scatterItem != null) {
            return sn.scatterItem;
        }
        if (sn.computing) {
            return Type.ANY; // a cycle; reported by the cycle search
        }
        sn.computing = true;
        Scatter s = (Scatter) sn.element;
        Type t = typer.type(s.collection(), sn.scope(sn.path));
        Type item;
        if (t instanceof Type.ArrayType a) {
            item = a.item();
        } else if (t instanceof Type.AnyType) {
            item = Type.ANY;
        } else {
            diagnostics.add(Diagnostic.error(s.collection().pos(), "scatter expects an Array, but the expression has type " + t));
            item = Type.ANY;
        }
        sn.scatterItem = item;
        sn.computing = false;
        return item;
    }

    CheckedWorkflow check() {
        // Pass 1: names.
        if (wf.inputs() != null) {
            for (Declaration d : wf.inputs()) {
                declare(d, List.of());
            }
        }
        collect(wf.body(), new ArrayList<>());
        // Pass 2: expressions.
        for (Node n : new ArrayList<>(nodes)) {
            checkNode(n);
        }
        cycles();
        Map<String, Type> outputs = outputs();
        Map<String, InputParam> inputs = inputs();
        List<String> unset = new ArrayList<>();
        for (CheckedCall c : callsInOrder.values()) {
            for (InputParam p : c.target().inputs().values()) {
                if (p.required() && !c.inputTypes().containsKey(p.name())) {
                    unset.add(c.name() + "." + p.name());
                }
            }
        }
        return new CheckedWorkflow(wf, inputs, outputs, callsInOrder,
                List.copyOf(unset), cd);
    }

    private Node declare(Declaration d, List<WorkflowElement> path) {
        Type t = tc.resolveType(d.type(), d.pos(), cd);
        cd.declarationTypes.put(d, t);
        Node n = new Node(d, path, d.name());
        n.type = t;
        addNamed(n, d.name());
        return n;
    }

    private void addNamed(Node n, String name) {
        nodes.add(n);
        Node prior = byName.get(name);
        if (prior != null) {
            diagnostics.add(Diagnostic.error(n.pos(), "duplicate name " + name + " in workflow " + wf.name()
                    + " (first at line " + prior.pos().line() + ")",
                    n.element instanceof Call || prior.element instanceof Call
                            ? "every call and declaration of a workflow needs its own name; give the call an alias: call task as other_name"
                            : null));
            return;
        }
        byName.put(name, n);
    }

    private void collect(List<WorkflowElement> body, List<WorkflowElement> path) {
        List<WorkflowElement> here = List.copyOf(path);
        for (WorkflowElement e : body) {
            if (e instanceof Declaration d) {
                declare(d, here);
            } else if (e instanceof Call c) {
                Node n = new Node(c, here, c.name());
                resolveCall(n, c);
                addNamed(n, c.name());
            } else if (e instanceof Scatter s) {
                Node n = new Node(s, here, "scatter (" + s.variable() + " in ...)");
                nodes.add(n);
                sectionNodes.put(s, n);
                if (byName.containsKey(s.variable())) {
                    diagnostics.add(Diagnostic.error(s.pos(), "scatter variable " + s.variable()
                            + " has the name of another declaration or call (line " + byName.get(s.variable()).pos().line() + ")"));
                }
                path.add(s);
                collect(s.body(), path);
                path.remove(path.size() - 1);
            } else if (e instanceof Conditional c) {
                Node n = new Node(c, here, "if (...)");
                nodes.add(n);
                sectionNodes.put(c, n);
                path.add(c);
                collect(c.body(), path);
                path.remove(path.size() - 1);
            }
        }
    }

    private void resolveCall(Node n, Call c) {
        List<String> parts = c.callee();
        Callable target = null;
        if (parts.size() == 1) {
            target = cd.tasks.get(parts.get(0));
            if (target == null) {
                List<String> candidates = new ArrayList<>(cd.tasks.keySet());
                String hint = Suggest.hint(parts.get(0), candidates, "tasks of this document");
                if (cd.document().imports().stream().anyMatch(i -> i.effectiveNamespace().equals(parts.get(0)))) {
                    hint = parts.get(0) + " is an import namespace: call " + parts.get(0) + ".<task or workflow>";
                }
                diagnostics.add(Diagnostic.error(c.pos(), "call of unknown task " + parts.get(0), hint));
            }
        } else if (parts.size() == 2) {
            CheckedDocument icd = cd.imports.get(parts.get(0));
            boolean declared = cd.document().imports().stream().map(Import::effectiveNamespace)
                    .anyMatch(parts.get(0)::equals);
            if (icd == null) {
                if (!declared) {
                    List<String> ns = cd.document().imports().stream().map(Import::effectiveNamespace).toList();
                    diagnostics.add(Diagnostic.error(c.pos(), "call of " + c.calleeName() + ": no import namespace "
                            + parts.get(0), Suggest.hint(parts.get(0), ns, "import namespaces")));
                }
            } else {
                // A document may hold a workflow and a task of the same name (warned about when it is checked);
                // ns.name from outside means the workflow, as on Cromwell (WARP's PeakCalling relies on it).
                target = icd.workflow != null && icd.workflow.name().equals(parts.get(1)) ? icd.workflow
                        : icd.tasks.get(parts.get(1));
                if (target == null) {
                    List<String> names = new ArrayList<>(icd.tasks.keySet());
                    if (icd.workflow != null) {
                        names.add(icd.workflow.name());
                    }
                    diagnostics.add(Diagnostic.error(c.pos(), "call of " + c.calleeName() + ": " + icd.uri()
                            + " has no task or workflow " + parts.get(1),
                            Suggest.hint(parts.get(1), names, "tasks and workflows there")));
                }
            }
        } else {
            diagnostics.add(Diagnostic.error(c.pos(), "call of " + c.calleeName()
                    + ": a call names a task or workflow, optionally after one import namespace (ns.name)"));
        }
        if (target == null) {
            n.unknownCall = true;
            return;
        }
        if (target instanceof CheckedWorkflow sub && !sub.unsetCallInputs().isEmpty()) {
            diagnostics.add(Diagnostic.error(c.pos(), "workflow " + sub.name() + " cannot be called as a subworkflow: it leaves required input "
                    + sub.unsetCallInputs().get(0) + " unset",
                    "supply that input in " + sub.name() + "'s call, or make it an input of workflow " + sub.name()));
        }
        n.call = new CheckedCall(c, target, new LinkedHashMap<>(), target.outputs());
        calls.put(c, n.call);
        callsInOrder.put(c, n.call);
    }

    private void checkNode(Node n) {
        // An element inside a section depends on that section's header.
        if (!n.path.isEmpty()) {
            n.deps.add(sectionNodes.get(n.path.get(n.path.size() - 1)));
        }
        Scope scope = n.scope(n.path);
        if (n.element instanceof Declaration d) {
            if (d.expr() != null) {
                typer.expect(d.expr(), n.type, scope, "declaration " + d.name());
            }
        } else if (n.element instanceof Call c) {
            checkCall(n, c, scope);
        } else if (n.element instanceof Scatter) {
            scatterItem(n);
        } else if (n.element instanceof Conditional c) {
            Type t = typer.type(c.condition(), scope);
            if (!(t instanceof Type.AnyType) && !(t instanceof Type.BooleanType)) {
                diagnostics.add(Diagnostic.error(c.condition().pos(), "if expects a Boolean condition, but the expression has type " + t));
            }
        }
    }

    private void checkCall(Node n, Call c, Scope scope) {
        Set<String> seen = new HashSet<>();
        for (WorkflowElement.CallInput in : c.inputs()) {
            Type t = typer.type(in.value(), scope);
            if (!seen.add(in.name())) {
                diagnostics.add(Diagnostic.error(in.pos(), "input " + in.name() + " is given twice in call " + c.name()));
                continue;
            }
            if (n.call == null) {
                continue;
            }
            InputParam p = n.call.target().inputs().get(in.name());
            if (p == null) {
                diagnostics.add(Diagnostic.error(in.pos(), "call " + c.name() + ": " + kind(n.call.target()) + " "
                        + n.call.target().name() + " has no input " + in.name(),
                        Suggest.hint(in.name(), n.call.target().inputs().keySet(), "its inputs")));
                continue;
            }
            if (!Coercion.coerces(t, p.type())) {
                diagnostics.add(Diagnostic.error(in.value().pos(), "call " + c.name() + ": input " + in.name()
                        + " expects " + p.type() + ", but the expression has type " + t));
            }
            // With a default, the input takes None (which selects the default), as in miniwdl
            n.call.inputTypes().put(in.name(), p.hasDefault() ? p.type().asOptional() : p.type());
        }
        for (String after : c.afters()) {
            Node a = byName.get(after);
            if (a == null || !(a.element instanceof Call)) {
                List<String> callNames = byName.values().stream().filter(x -> x.element instanceof Call)
                        .map(x -> x.label).toList();
                diagnostics.add(Diagnostic.error(c.pos(), "call " + c.name() + " is after unknown call " + after,
                        Suggest.hint(after, callNames, "calls")));
            } else {
                n.deps.add(a);
            }
        }
    }

    private static String kind(Callable c) {
        return c instanceof CheckedWorkflow ? "workflow" : "task";
    }

    private void cycles() {
        for (List<Node> cycle : CycleFinder.cycles(nodes, n -> n.deps)) {
            Node first = cycle.get(0);
            for (Node x : cycle) {
                if (x.pos().line() < first.pos().line()
                        || (x.pos().line() == first.pos().line() && x.pos().column() < first.pos().column())) {
                    first = x;
                }
            }
            List<String> labels = cycle.stream().map(x -> x.label).toList();
            diagnostics.add(Diagnostic.error(first.pos(), "cyclic dependency in workflow " + wf.name() + ": "
                    + String.join(" -> ", labels)));
        }
    }

    private Map<String, Type> outputs() {
        Map<String, Type> outputs = new LinkedHashMap<>();
        if (wf.outputs() != null) {
            Node root = new Node(wf.outputs().isEmpty() ? null : wf.outputs().get(0), List.of(), "output");
            Scope body = root.scope(List.of());
            MapScope previous = new MapScope(null);
            Scope scope = new Scope() {
                public Binding lookup(String name) {
                    Binding b = body.lookup(name);
                    return b != null ? b : previous.lookup(name);
                }

                public Collection<String> names() {
                    Set<String> all = new LinkedHashSet<>(body.names());
                    all.addAll(previous.names());
                    return all;
                }
            };
            for (Declaration d : wf.outputs()) {
                Type t = tc.resolveType(d.type(), d.pos(), cd);
                cd.declarationTypes.put(d, t);
                if (outputs.containsKey(d.name())) {
                    diagnostics.add(Diagnostic.error(d.pos(), "duplicate output " + d.name() + " in workflow " + wf.name()));
                    continue;
                }
                if (d.expr() != null) {
                    typer.expect(d.expr(), t, scope, "output " + d.name());
                }
                outputs.put(d.name(), t);
                previous.put(d.name(), new Scope.Value(t));
            }
        }
        if (wf.legacyOutputs() != null && !wf.legacyOutputs().isEmpty()) {
            for (WorkflowDef.LegacyOutput lo : wf.legacyOutputs()) {
                legacyOutput(lo, outputs);
            }
        } else if (wf.outputs() == null) {
            // No output section: every call output is a workflow output, as call.out (miniwdl, Cromwell).
            for (Node n : nodes) {
                if (n.call != null) {
                    n.call.outputTypes().forEach((k, t) -> outputs.put(n.label + "." + k, lift(t, n.path, List.of())));
                }
            }
        }
        return java.util.Collections.unmodifiableMap(outputs);
    }

    private void legacyOutput(WorkflowDef.LegacyOutput lo, Map<String, Type> outputs) {
        List<String> name = lo.name();
        Node n = name.isEmpty() ? null : byName.get(name.get(0));
        if (n == null || !(n.element instanceof Call)) {
            diagnostics.add(Diagnostic.error(lo.pos(), "output " + String.join(".", name) + (lo.wildcard() ? ".*" : "")
                    + " names no call of workflow " + wf.name()));
            return;
        }
        if (n.call == null) {
            return;
        }
        if (lo.wildcard()) {
            if (name.size() != 1) {
                diagnostics.add(Diagnostic.error(lo.pos(), "a wildcard output names one call: " + name.get(0) + ".*"));
                return;
            }
            n.call.outputTypes().forEach((k, t) -> outputs.put(n.label + "." + k, lift(t, n.path, List.of())));
            return;
        }
        String out = String.join(".", name.subList(1, name.size()));
        Type t = n.call.outputTypes().get(out);
        if (t == null) {
            diagnostics.add(Diagnostic.error(lo.pos(), "call " + n.label + " has no output " + out,
                    Suggest.hint(out, n.call.outputTypes().keySet(), "outputs of " + n.label)));
            return;
        }
        outputs.put(n.label + "." + out, lift(t, n.path, List.of()));
    }

    private Map<String, InputParam> inputs() {
        Map<String, InputParam> inputs = new LinkedHashMap<>();
        if (wf.inputs() != null) {
            for (Declaration d : wf.inputs()) {
                Type t = cd.typeOf(d);
                inputs.putIfAbsent(d.name(), new InputParam(d.name(), t, d.expr() == null && !t.optional(), d));
            }
            return java.util.Collections.unmodifiableMap(inputs);
        }
        // No input section (draft-2, or a 1.x workflow without one): top-level declarations are inputs;
        // unbound ones must be supplied (unless optional), bound ones may be overridden.
        for (WorkflowElement e : wf.body()) {
            if (e instanceof Declaration d && (d.expr() == null || version == Version.DRAFT_2)) {
                Type t = cd.typeOf(d);
                inputs.putIfAbsent(d.name(), new InputParam(d.name(), t, d.expr() == null && !t.optional(), d));
            }
        }
        return java.util.Collections.unmodifiableMap(inputs);
    }
}
