package org.wdlbatch.wdl.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.CommandSection;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Import;
import org.wdlbatch.wdl.ast.MetaValue;
import org.wdlbatch.wdl.ast.StructDef;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.ast.WorkflowDef;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.types.Type;

/** The document grammar of every version: version line, imports, structs, tasks and the workflow. */
final class DocumentParser extends SectionParser {

    private static final String SUPPORTED = "supported versions: 1.0, 1.1, 1.2 and development"
            + " (a file without a version line is draft-2)";

    DocumentParser(String text, String uri) {
        super(text, uri, Version.DRAFT_2);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            resumeAt(1); // a byte-order mark is not content
        }
    }

    Document parseDocument() {
        SourcePos docPos = pos(0);
        if (atWord("version")) {
            parseVersionLine();
        }
        List<Import> imports = new ArrayList<>();
        List<StructDef> structs = new ArrayList<>();
        List<TaskDef> tasks = new ArrayList<>();
        WorkflowDef workflow = null;
        while (!at(TokenKind.EOF)) {
            Token t = peek();
            String word = t.kind() == TokenKind.IDENT ? t.text() : "";
            switch (word) {
                case "import" -> imports.add(parseImport());
                case "struct" -> structs.add(parseStruct());
                case "task" -> tasks.add(parseTask());
                case "workflow" -> {
                    if (workflow != null) {
                        throw new WdlException(pos(t), "a document may hold only one workflow; '"
                                + workflow.name() + "' is already defined at line " + workflow.pos().line());
                    }
                    workflow = parseWorkflow();
                }
                case "version" -> throw new WdlException(pos(t), "the version line must be the first line of the"
                        + " document (only comments and blank lines may come before it)");
                default -> throw unexpected(t, "expected 'import', 'struct', 'task' or 'workflow'");
            }
        }
        return new Document(lines.file(), version, List.copyOf(imports), List.copyOf(structs), List.copyOf(tasks),
                workflow, docPos);
    }

    private void parseVersionLine() {
        Token kw = next();
        char[] src = lexer.buf;
        int p = rawStart();
        while (p < src.length && (src[p] == ' ' || src[p] == '\t')) {
            p++;
        }
        int start = p;
        while (p < src.length && !Character.isWhitespace(src[p]) && src[p] != '#') {
            p++;
        }
        String label = new String(src, start, p - start);
        if (label.isEmpty()) {
            throw new WdlException(pos(kw), "the version line names no version", SUPPORTED);
        }
        Version v = Version.fromLabel(label);
        if (v == null || v == Version.DRAFT_2) {
            throw new WdlException(pos(start), "unknown WDL version '" + label + "'", SUPPORTED);
        }
        version = v;
        resumeAt(p);
    }

    // ---- imports and structs

    private Import parseImport() {
        Token kw = next();
        Token q = peek();
        if (q.kind() != TokenKind.DQUOTE && q.kind() != TokenKind.SQUOTE) {
            throw unexpected(q, "expected the quoted URI of the imported document after 'import'");
        }
        next();
        String uri = parsePlainString(q);
        String namespace = null;
        if (atWord("as")) {
            next();
            namespace = expectDefinedName("an import namespace").text();
        }
        List<Import.Alias> aliases = new ArrayList<>();
        while (atWord("alias")) {
            Token a = next();
            if (!version.atLeast(Version.V1_0)) {
                throw versionError(a, "import 'alias'", Version.V1_0);
            }
            String from = expectName("the struct name to alias").text();
            expectWord("as", "in 'alias " + from + " as NewName'");
            String to = expectDefinedName("the new struct name").text();
            aliases.add(new Import.Alias(pos(a), from, to));
        }
        Import imp = new Import(pos(kw), uri, namespace, List.copyOf(aliases));
        if (namespace == null) {
            String ns = imp.effectiveNamespace();
            if (!isName(ns) || Keywords.isReserved(ns, version)) {
                throw new WdlException(pos(q), "the file name of \"" + uri + "\" does not make a valid namespace ('"
                        + ns + "')", "name the namespace: import \"" + uri + "\" as some_name");
            }
        }
        return imp;
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || !Lexer.isNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Lexer.isNamePart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private StructDef parseStruct() {
        Token kw = next();
        if (!version.atLeast(Version.V1_0)) {
            throw versionError(kw, "a struct definition", Version.V1_0);
        }
        Token name = expectDefinedName("a struct name");
        Token open = expect(TokenKind.LBRACE, "after 'struct " + name.text() + "'");
        enter();
        List<StructDef.Member> members = new ArrayList<>();
        Map<String, MetaValue> meta = null;
        Map<String, MetaValue> parameterMeta = null;
        Map<String, Integer> seen = new java.util.HashMap<>();
        while (!at(TokenKind.RBRACE)) {
            rejectTopLevelKeyword("struct '" + name.text() + "'", open);
            if (atSection("meta")) {
                once(seen, "struct '" + name.text() + "'");
                meta = parseMetaSection();
            } else if (atSection("parameter_meta")) {
                once(seen, "struct '" + name.text() + "'");
                parameterMeta = parseMetaSection();
            } else {
                Token start = peek();
                rejectMisplacedSection(start, "struct");
                Type type = parseType();
                Token member = expectName("a member name after the type ", type);
                if (at(TokenKind.ASSIGN)) {
                    throw new WdlException(pos(peek()), "struct member '" + member.text()
                            + "' cannot have a default value");
                }
                members.add(new StructDef.Member(pos(start), type, member.text()));
                accept(TokenKind.COMMA);
            }
        }
        leave();
        expectClose(TokenKind.RBRACE, "struct '" + name.text() + "'", open);
        return new StructDef(pos(kw), name.text(), List.copyOf(members), orEmpty(meta), orEmpty(parameterMeta));
    }

    // ---- tasks

    /**
     * A task. A brace command closes at the '}' balancing its '{'; if the task then does not parse and a command
     * had nested braces, the task is parsed once more with brace commands ending at their first '}' (the draft-2
     * and 1.0 grammars' rule, for commands like {@code echo "{"}). The first error is reported if both fail.
     */
    private TaskDef parseTask() {
        int start = peek().start();
        int savedDepth = depth();
        sawNestedBraces = false;
        try {
            return parseTaskOnce();
        } catch (WdlException balancedError) {
            if (!sawNestedBraces) {
                throw balancedError;
            }
            resumeAt(start);
            restoreDepth(savedDepth);
            firstBraceEndsCommand = true;
            try {
                return parseTaskOnce();
            } catch (WdlException ignored) {
                throw balancedError;
            } finally {
                firstBraceEndsCommand = false;
            }
        }
    }

    private TaskDef parseTaskOnce() {
        Token kw = next();
        Token name = expectDefinedName("a task name");
        Token open = expect(TokenKind.LBRACE, "after 'task " + name.text() + "'");
        String owner = "task '" + name.text() + "'";
        List<Declaration> inputs = null;
        List<Declaration> declarations = new ArrayList<>();
        CommandSection command = null;
        List<Declaration> outputs = null;
        Map<String, Expr> runtime = null;
        Map<String, Expr> requirements = null;
        Map<String, Expr> hints = null;
        Map<String, MetaValue> meta = null;
        Map<String, MetaValue> parameterMeta = null;
        Map<String, Integer> seen = new java.util.HashMap<>();
        while (!at(TokenKind.RBRACE)) {
            rejectTopLevelKeyword("task body", open);
            Token t = peek();
            if (atWord("command")) {
                if (command != null) {
                    throw new WdlException(pos(t), owner + " has two command sections; the first is at line "
                            + command.pos().line());
                }
                command = parseCommand();
            } else if (atSection("input")) {
                rejectDraft2InputSection(t);
                once(seen, owner);
                inputs = parseDeclBlock("input section of " + owner, false, true);
            } else if (atSection("output")) {
                once(seen, owner);
                outputs = parseDeclBlock("output section of " + owner, true, false);
            } else if (atSection("runtime")) {
                once(seen, owner);
                runtime = parseKeyValues("runtime section", false);
            } else if (atSection("requirements")) {
                requireV12(t, "the requirements section");
                once(seen, owner);
                requirements = parseKeyValues("requirements section", false);
            } else if (atSection("hints")) {
                requireV12(t, "the hints section");
                once(seen, owner);
                hints = parseKeyValues("hints section", true);
            } else if (atSection("meta")) {
                once(seen, owner);
                meta = parseMetaSection();
            } else if (atSection("parameter_meta")) {
                once(seen, owner);
                parameterMeta = parseMetaSection();
            } else {
                rejectMisplacedSection(t, "task");
                declarations.add(parseDeclaration(false, true));
            }
        }
        expectClose(TokenKind.RBRACE, "task body", open);
        if (command == null) {
            throw new WdlException(pos(kw), owner + " has no command section",
                    "add 'command <<< >>>' (it may be empty)");
        }
        return new TaskDef(pos(kw), name.text(), inputs == null ? null : List.copyOf(inputs),
                List.copyOf(declarations), command, outputs == null ? List.of() : List.copyOf(outputs),
                orEmpty(runtime), orEmpty(requirements), orEmpty(hints), orEmpty(meta), orEmpty(parameterMeta));
    }

    // ---- workflows

    private WorkflowDef parseWorkflow() {
        Token kw = next();
        Token name = expectDefinedName("a workflow name");
        Token open = expect(TokenKind.LBRACE, "after 'workflow " + name.text() + "'");
        String owner = "workflow '" + name.text() + "'";
        List<Declaration> inputs = null;
        List<WorkflowElement> body = new ArrayList<>();
        List<Declaration> outputs = null;
        List<WorkflowDef.LegacyOutput> legacy = new ArrayList<>();
        Map<String, MetaValue> meta = null;
        Map<String, MetaValue> parameterMeta = null;
        Map<String, Expr> hints = null;
        Map<String, Integer> seen = new java.util.HashMap<>();
        while (!at(TokenKind.RBRACE)) {
            rejectTopLevelKeyword("workflow body", open);
            Token t = peek();
            if (atSection("input")) {
                rejectDraft2InputSection(t);
                once(seen, owner);
                inputs = parseDeclBlock("input section of " + owner, false, false);
            } else if (atSection("output")) {
                once(seen, owner);
                outputs = parseWorkflowOutputs(legacy);
            } else if (atSection("meta")) {
                once(seen, owner);
                meta = parseMetaSection();
            } else if (atSection("parameter_meta")) {
                once(seen, owner);
                parameterMeta = parseMetaSection();
            } else if (atSection("hints")) {
                requireV12(t, "the workflow hints section");
                once(seen, owner);
                hints = parseKeyValues("hints section", true);
            } else {
                rejectMisplacedSection(t, "workflow");
                body.add(parseWorkflowElement());
            }
        }
        expectClose(TokenKind.RBRACE, "workflow body", open);
        return new WorkflowDef(pos(kw), name.text(), inputs == null ? null : List.copyOf(inputs), List.copyOf(body),
                outputs == null ? null : List.copyOf(outputs), List.copyOf(legacy), orEmpty(meta),
                orEmpty(parameterMeta), orEmpty(hints));
    }

    private WorkflowElement parseWorkflowElement() {
        Token t = peek();
        if (t.kind() == TokenKind.IDENT) {
            switch (t.text()) {
                case "call":
                    return parseCall();
                case "scatter":
                    return parseScatter();
                case "if":
                    return parseConditional();
                case "input", "output", "meta", "parameter_meta", "hints":
                    if (peek2().kind() == TokenKind.LBRACE) {
                        throw new WdlException(pos(t), "the " + t.text() + " section must be at the top level of"
                                + " the workflow, not inside a scatter or if block");
                    }
                    break;
                default:
                    break;
            }
        }
        return parseDeclaration(false, false);
    }

    private List<WorkflowElement> parseBlock(String what, Token opener) {
        Token open = expect(TokenKind.LBRACE, "to open the body of the " + what);
        enter();
        List<WorkflowElement> body = new ArrayList<>();
        while (!at(TokenKind.RBRACE)) {
            rejectTopLevelKeyword(what, opener);
            body.add(parseWorkflowElement());
        }
        leave();
        expectClose(TokenKind.RBRACE, what, open);
        return List.copyOf(body);
    }

    private WorkflowElement.Scatter parseScatter() {
        Token kw = next();
        Token open = expect(TokenKind.LPAREN, "after 'scatter' (scatter (x in xs) { ... })");
        Token var = expectDefinedName("the scatter variable name");
        expectWord("in", "after the scatter variable (scatter (" + var.text() + " in xs) { ... })");
        Expr collection = parseExpr();
        expectClose(TokenKind.RPAREN, "scatter header", open);
        List<WorkflowElement> body = parseBlock("scatter", kw);
        return new WorkflowElement.Scatter(pos(kw), var.text(), collection, body);
    }

    private WorkflowElement.Conditional parseConditional() {
        Token kw = next();
        Token open = expect(TokenKind.LPAREN, "after 'if' (if (condition) { ... })");
        Expr cond = parseExpr();
        expectClose(TokenKind.RPAREN, "condition of 'if'", open);
        List<WorkflowElement> body = parseBlock("if block", kw);
        return new WorkflowElement.Conditional(pos(kw), cond, body);
    }

    private WorkflowElement.Call parseCall() {
        Token kw = next();
        List<String> callee = new ArrayList<>();
        callee.add(expectName("the name of the task or workflow to call").text());
        while (accept(TokenKind.DOT)) {
            callee.add(expectName("a name after '.' in the callee").text());
        }
        String alias = null;
        if (atWord("as")) {
            next();
            alias = expectDefinedName("a call alias").text();
        }
        List<String> afters = new ArrayList<>();
        while (atWord("after") && peek2().kind() == TokenKind.IDENT) {
            Token a = next();
            if (!version.atLeast(Version.V1_1)) {
                throw versionError(a, "'after' on a call", Version.V1_1);
            }
            afters.add(expectName("the name of the call to wait for").text());
        }
        List<WorkflowElement.CallInput> inputs = new ArrayList<>();
        Map<String, WorkflowElement.CallInput> byName = new java.util.HashMap<>();
        if (at(TokenKind.LBRACE)) {
            Token open = next();
            boolean inputColon = false;
            if (atWord("input") && peek2().kind() == TokenKind.COLON) {
                next();
                next();
                inputColon = true;
            }
            while (!at(TokenKind.RBRACE)) {
                Token name = peek();
                if (name.kind() != TokenKind.IDENT) {
                    throw unexpected(name, "expected a call input name or '}' to close the call body opened at"
                            + " line " + lines.line(open.start()));
                }
                // 1.2 made 'input:' optional; the 1.1 spec's own examples already omit it, so 1.1 accepts that too
                if (!inputColon && !version.atLeast(Version.V1_1)) {
                    throw unexpected(name, "expected 'input:' before the call inputs",
                            "write call " + String.join(".", callee) + " { input: x = ..., y = ... }"
                                    + " ('input:' is optional only from WDL 1.1 on)");
                }
                next();
                Expr value;
                if (accept(TokenKind.ASSIGN)) {
                    value = parseExpr();
                } else {
                    if (!version.atLeast(Version.V1_1)) {
                        throw unexpected(peek(), "expected '=' after call input '" + name.text() + "'",
                                "the shorthand 'input: " + name.text() + "' (meaning " + name.text() + " = "
                                        + name.text() + ") requires WDL 1.1");
                    }
                    value = new Expr.Ident(pos(name), name.text());
                }
                WorkflowElement.CallInput input = new WorkflowElement.CallInput(pos(name), name.text(), value);
                WorkflowElement.CallInput other = byName.putIfAbsent(name.text(), input);
                if (other != null) {
                    throw new WdlException(pos(name), "call input '" + name.text() + "' is given twice (first at"
                            + " line " + other.pos().line() + ")");
                }
                inputs.add(input);
                if (!accept(TokenKind.COMMA)) {
                    break;
                }
            }
            expectClose(TokenKind.RBRACE, "call body", open);
        }
        return new WorkflowElement.Call(pos(kw), List.copyOf(callee), alias, List.copyOf(afters),
                List.copyOf(inputs));
    }

    /** {@code output { ... }}: declarations, and in draft-2 also {@code call.out} and {@code call.*} lines. */
    private List<Declaration> parseWorkflowOutputs(List<WorkflowDef.LegacyOutput> legacy) {
        next();
        Token open = next();
        List<Declaration> outputs = new ArrayList<>();
        while (!at(TokenKind.RBRACE)) {
            rejectTopLevelKeyword("workflow output section", open);
            Token t = peek();
            TokenKind after = t.kind() == TokenKind.IDENT ? peek2().kind() : TokenKind.EOF;
            if (t.kind() == TokenKind.IDENT && (after == TokenKind.DOT || after == TokenKind.RBRACE)) {
                if (version != Version.DRAFT_2) {
                    throw new WdlException(pos(t), "a workflow output needs a type, a name and a value in WDL "
                            + version, "write e.g. 'File result = " + t.text() + "...' ");
                }
                legacy.add(parseLegacyOutput());
            } else {
                outputs.add(parseDeclaration(true, false));
            }
        }
        next();
        return outputs;
    }

    private WorkflowDef.LegacyOutput parseLegacyOutput() {
        Token first = next();
        List<String> name = new ArrayList<>();
        name.add(first.text());
        boolean wildcard = false;
        while (accept(TokenKind.DOT)) {
            if (accept(TokenKind.STAR)) {
                wildcard = true;
                break;
            }
            name.add(expectName("a name or '*' after '.'").text());
        }
        accept(TokenKind.COMMA);
        return new WorkflowDef.LegacyOutput(pos(first), List.copyOf(name), wildcard);
    }
}
