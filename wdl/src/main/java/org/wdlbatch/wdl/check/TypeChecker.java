package org.wdlbatch.wdl.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.wdl.graph.CycleFinder;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Import;
import org.wdlbatch.wdl.ast.StructDef;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.load.DocumentGraph;
import org.wdlbatch.wdl.load.DocumentLoader;
import org.wdlbatch.wdl.load.LoadedDocument;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.types.StaticCoercion;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.types.Type.StructType;

/**
 * Type-checks a loaded document graph: imported documents first, then the documents importing them. Every
 * problem of every document is collected (sorted by file and position) and thrown as one {@link WdlException};
 * on success the main document's {@link CheckedDocument} is returned.
 *
 * <p>Leniency (so that what miniwdl or Cromwell accepts is accepted): see {@link Coercion}; besides, a call may
 * leave required inputs of its task unset (they become nested inputs the user supplies, as in miniwdl), but a
 * workflow that does so cannot itself be called as a subworkflow (WDL 1.1 spec, "Computing call inputs").
 */
public final class TypeChecker {

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Map<LoadedDocument, CheckedDocument> checked = new IdentityHashMap<>();

    private final CheckCache cache;

    private TypeChecker(CheckCache cache) {
        this.cache = cache;
    }

    /** @throws WdlException with every problem found, sorted by position */
    public static CheckedDocument check(DocumentGraph graph) {
        return check(graph, null);
    }

    /** As {@link #check(DocumentGraph)}, reusing and filling {@code cache} (may be null). */
    public static CheckedDocument check(DocumentGraph graph, CheckCache cache) {
        TypeChecker tc = new TypeChecker(cache);
        CheckedDocument main;
        try {
            main = tc.run(graph);
        } catch (StackOverflowError e) {
            // The parser limits nesting, but a document at its limit could still exhaust a smaller stack here.
            throw new WdlException(graph.main().document().pos(), "the document is nested too deeply to type-check",
                    "split deeply nested expressions into several declarations");
        }
        if (!tc.diagnostics.isEmpty()) {
            List<Diagnostic> sorted = new ArrayList<>(tc.diagnostics);
            sorted.sort(DocumentLoader.DIAGNOSTIC_ORDER);
            throw new WdlException(dedupe(sorted));
        }
        return main;
    }

    private static List<Diagnostic> dedupe(List<Diagnostic> sorted) {
        List<Diagnostic> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Diagnostic d : sorted) {
            if (seen.add(d.headline())) {
                out.add(d);
            }
        }
        return out;
    }

    private CheckedDocument run(DocumentGraph graph) {
        for (LoadedDocument ld : graph.documents()) {
            CheckedDocument hit = cache == null ? null : cache.documents.get(ld);
            if (hit != null) {
                checked.put(ld, hit);
                continue;
            }
            int problemsBefore = diagnostics.size();
            CheckedDocument cd = document(ld);
            checked.put(ld, cd);
            if (cache != null && diagnostics.size() == problemsBefore) {
                cache.documents.put(ld, cd);
            }
        }
        CheckedDocument main = checked.get(graph.main());
        return main != null ? main : document(graph.main());
    }

    private CheckedDocument document(LoadedDocument ld) {
        CheckedDocument cd = new CheckedDocument(ld);
        Document doc = ld.document();
        for (Map.Entry<String, LoadedDocument.Imported> e : ld.imports().entrySet()) {
            CheckedDocument icd = checked.get(e.getValue().document());
            if (icd != null) {
                cd.imports.put(e.getKey(), icd);
            }
        }
        structs(cd);
        Set<String> names = new HashSet<>();
        for (TaskDef t : doc.tasks()) {
            if (!names.add(t.name())) {
                diagnostics.add(Diagnostic.error(t.pos(), "duplicate task " + t.name()));
                continue;
            }
            cd.tasks.put(t.name(), task(cd, t));
        }
        if (doc.workflow() != null) {
            if (names.contains(doc.workflow().name())) {
                cd.warnings.add(Diagnostic.warning(doc.workflow().pos(), "workflow " + doc.workflow().name()
                        + " has the name of a task of this document, which the spec forbids (a document's workflow"
                        + " and tasks share one namespace); accepted as Cromwell does (miniwdl rejects it)",
                        "rename the task or the workflow; calls of " + doc.workflow().name() + " in this document"
                        + " mean the task, and calls of <namespace>." + doc.workflow().name() + " from a document"
                        + " importing it mean the workflow"));
            }
            cd.workflow = new WorkflowChecker(cd, doc.workflow(), this).check();
        }
        return cd;
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    // ---- structs ----

    private void structs(CheckedDocument cd) {
        Document doc = cd.document();
        Map<String, SourcePos> origin = new HashMap<>();
        for (LoadedDocument.Imported imp : cd.loaded().imports().values()) {
            CheckedDocument icd = checked.get(imp.document());
            if (icd == null) {
                continue;
            }
            Map<String, String> alias = new HashMap<>();
            for (Import.Alias a : imp.statement().aliases()) {
                if (!icd.structs.containsKey(a.from())) {
                    diagnostics.add(Diagnostic.error(a.pos(), "alias of unknown struct " + a.from() + " (not in "
                            + icd.uri() + ")", Suggest.hint(a.from(), icd.structs.keySet(), "its structs")));
                }
                alias.put(a.from(), a.to());
            }
            for (StructType st : icd.structs.values()) {
                String name = alias.getOrDefault(st.name(), st.name());
                addStruct(cd, new StructType(name, st.members(), false), imp.statement().pos(), origin);
            }
        }
        // Own structs: members may name each other in any order; resolve recursively.
        Map<String, StructDef> own = new LinkedHashMap<>();
        for (StructDef s : doc.structs()) {
            if (own.containsKey(s.name())) {
                diagnostics.add(Diagnostic.error(s.pos(), "duplicate struct " + s.name()));
            } else {
                own.put(s.name(), s);
            }
        }
        Map<String, StructType> done = new HashMap<>();
        for (StructDef s : own.values()) {
            StructType st = resolveStruct(s, own, done, new ArrayList<>(), cd);
            if (cd.structs.containsKey(s.name()) && !StaticCoercion.sameMembers(cd.structs.get(s.name()), st)) {
                diagnostics.add(Diagnostic.error(s.pos(), "struct " + s.name() + " conflicts with the struct "
                        + s.name() + " imported at " + origin.get(s.name()),
                        "rename one of them, or import it with `alias " + s.name() + " as Other" + s.name() + "`"));
            }
            cd.structs.put(s.name(), st);
        }
    }

    private void addStruct(CheckedDocument cd, StructType st, SourcePos at, Map<String, SourcePos> origin) {
        StructType existing = cd.structs.get(st.name());
        if (existing != null && !StaticCoercion.sameMembers(existing, st)) {
            diagnostics.add(Diagnostic.error(at, "imported struct " + st.name() + " conflicts with another struct "
                    + st.name() + " (imported at " + origin.get(st.name()) + ")",
                    "import one of them with `alias " + st.name() + " as Other" + st.name() + "`"));
            return;
        }
        cd.structs.put(st.name(), st);
        origin.putIfAbsent(st.name(), at);
    }

    private StructType resolveStruct(StructDef s, Map<String, StructDef> own, Map<String, StructType> done,
            List<String> resolving, CheckedDocument cd) {
        StructType d = done.get(s.name());
        if (d != null) {
            return d;
        }
        if (resolving.contains(s.name())) {
            diagnostics.add(Diagnostic.error(s.pos(), "struct " + s.name() + " contains itself: "
                    + String.join(" -> ", resolving) + " -> " + s.name()));
            return new StructType(s.name(), Map.of(), false);
        }
        resolving.add(s.name());
        Map<String, Type> members = new LinkedHashMap<>();
        for (StructDef.Member m : s.members()) {
            Type t = resolveType(m.type(), m.pos(), cd, name -> {
                StructDef inner = own.get(name);
                return inner == null ? null : resolveStruct(inner, own, done, resolving, cd);
            });
            if (members.put(m.name(), t) != null) {
                diagnostics.add(Diagnostic.error(m.pos(), "duplicate member " + m.name() + " in struct " + s.name()));
            }
        }
        resolving.remove(resolving.size() - 1);
        StructType st = new StructType(s.name(), java.util.Collections.unmodifiableMap(members), false);
        done.put(s.name(), st);
        return st;
    }

    /** Replaces struct names in {@code t} by resolved struct types; reports unknown ones. */
    Type resolveType(Type t, SourcePos pos, CheckedDocument cd) {
        return resolveType(t, pos, cd, name -> null);
    }

    private Type resolveType(Type t, SourcePos pos, CheckedDocument cd,
            java.util.function.Function<String, StructType> ownFirst) {
        if (t instanceof StructType st) {
            if (st.members() != null) {
                return t;
            }
            StructType r = ownFirst.apply(st.name());
            if (r == null) {
                r = cd.structs.get(st.name());
            }
            if (r == null) {
                diagnostics.add(Diagnostic.error(pos, "unknown type " + st.name(),
                        Suggest.hint(st.name(), cd.structs.keySet(), "structs in scope")));
                return new Type.AnyType(t.optional());
            }
            return r.withOptional(t.optional());
        }
        if (t instanceof Type.ArrayType a) {
            return new Type.ArrayType(resolveType(a.item(), pos, cd, ownFirst), a.nonEmpty(), a.optional());
        }
        if (t instanceof Type.MapType m) {
            return new Type.MapType(resolveType(m.key(), pos, cd, ownFirst), resolveType(m.value(), pos, cd, ownFirst),
                    m.optional());
        }
        if (t instanceof Type.PairType p) {
            return new Type.PairType(resolveType(p.left(), pos, cd, ownFirst),
                    resolveType(p.right(), pos, cd, ownFirst), p.optional());
        }
        return t;
    }

    // ---- tasks ----

    private static boolean isInput(TaskDef t, Declaration d) {
        return t.inputs() != null && t.inputs().stream().anyMatch(i -> i == d);
    }

    private CheckedTask task(CheckedDocument cd, TaskDef t) {
        Version v = cd.document().version();
        ExprTyper typer = new ExprTyper(v, cd.structs, diagnostics);
        MapScope scope = new MapScope(null);
        if (v.atLeast(Version.V1_2)) {
            scope.put("task", new Scope.Value(Type.OBJECT));
        }
        List<Declaration> all = new ArrayList<>();
        if (t.inputs() != null) {
            all.addAll(t.inputs());
        }
        all.addAll(t.declarations());
        Map<String, Declaration> byName = new LinkedHashMap<>();
        for (Declaration d : all) {
            Type type = resolveType(d.type(), d.pos(), cd);
            cd.declarationTypes.put(d, type);
            if (byName.containsKey(d.name())) {
                diagnostics.add(Diagnostic.error(d.pos(), "duplicate declaration " + d.name() + " in task " + t.name()
                        + " (first at line " + byName.get(d.name()).pos().line() + ")"));
                continue;
            }
            byName.put(d.name(), d);
            scope.put(d.name(), new Scope.Value(type));
        }
        Map<String, Set<String>> deps = new HashMap<>();
        for (Declaration d : byName.values()) {
            if (d.expr() != null) {
                scope.used.clear();
                typer.expect(d.expr(), cd.typeOf(d), scope, "declaration " + d.name());
                deps.put(d.name(), new HashSet<>(scope.used));
            }
        }
        reportCycles(new ArrayList<>(byName.keySet()), deps, n -> byName.get(n).pos(), "task " + t.name());
        if (t.command() != null) {
            typer.parts(t.command().parts(), scope);
        }
        for (Expr e : t.runtime().values()) {
            typer.type(e, scope);
        }
        for (Expr e : t.requirements().values()) {
            typer.type(e, scope);
        }
        // Outputs see the task's declarations and each other.
        MapScope outScope = new MapScope(scope);
        Map<String, Type> outputs = new LinkedHashMap<>();
        for (Declaration d : t.outputs()) {
            Type type = resolveType(d.type(), d.pos(), cd);
            cd.declarationTypes.put(d, type);
            if (outputs.containsKey(d.name())) {
                diagnostics.add(Diagnostic.error(d.pos(), "duplicate output " + d.name() + " in task " + t.name()));
                continue;
            }
            outputs.put(d.name(), type);
            if (!scope.has(d.name())) {
                outScope.put(d.name(), new Scope.Value(type));
            } else if (byName.containsKey(d.name())) {
                cd.warnings.add(Diagnostic.warning(d.pos(), "output " + d.name() + " of task " + t.name()
                        + " has the name of its " + (isInput(t, byName.get(d.name())) ? "input" : "declaration")
                        + " (line " + byName.get(d.name()).pos().line() + "), which the spec forbids (a task's inputs,"
                        + " declarations and outputs share one namespace); accepted as Cromwell does (miniwdl"
                        + " rejects it): in the"
                        + " command, " + d.name() + " means the " + (isInput(t, byName.get(d.name()))
                        ? "input" : "declaration"), "rename the output"));
            }
        }
        for (Declaration d : t.outputs()) {
            if (d.expr() != null) {
                typer.expect(d.expr(), cd.typeOf(d), outScope, "output " + d.name());
            }
        }
        Map<String, InputParam> inputs = new LinkedHashMap<>();
        List<Declaration> inputDecls = t.inputs() != null ? t.inputs() : t.declarations();
        for (Declaration d : inputDecls) {
            Type type = cd.typeOf(d);
            inputs.putIfAbsent(d.name(), new InputParam(d.name(), type, d.expr() == null && !type.optional(), d));
        }
        return new CheckedTask(t, java.util.Collections.unmodifiableMap(inputs),
                java.util.Collections.unmodifiableMap(outputs), cd);
    }

    /** Reports each dependency cycle once, at its first node in source order. */
    void reportCycles(List<String> nodes, Map<String, Set<String>> deps,
            java.util.function.Function<String, SourcePos> pos, String where) {
        Set<String> known = new HashSet<>(nodes);
        for (List<String> cycle : CycleFinder.cycles(nodes,
                n -> deps.getOrDefault(n, Set.of()).stream().filter(known::contains).toList())) {
            String first = cycle.get(0);
            for (String n : cycle) {
                SourcePos p = pos.apply(n);
                SourcePos f = pos.apply(first);
                if (p.line() < f.line() || (p.line() == f.line() && p.column() < f.column())) {
                    first = n;
                }
            }
            diagnostics.add(Diagnostic.error(pos.apply(first), "cyclic dependency in " + where + ": "
                    + String.join(" -> ", cycle)));
        }
    }
}
