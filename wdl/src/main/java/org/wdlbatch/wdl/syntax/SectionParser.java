package org.wdlbatch.wdl.syntax;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.CommandSection;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.MetaValue;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.types.Type;

/**
 * The sections that tasks, workflows and structs share: declarations and declaration blocks, command sections
 * (brace and heredoc), key-value sections ({@code runtime}, {@code requirements}, {@code hints}) and meta sections;
 * plus the checks that turn a misplaced or repeated section into a pointed message.
 */
abstract class SectionParser extends ExpressionParser {

    SectionParser(String text, String uri, Version version) {
        super(text, uri, version);
    }

    /**
     * Inside a body, a top-level keyword ({@code task}, {@code workflow}, ...) means the body was not closed: say
     * so, naming where it was opened, instead of complaining about the keyword.
     */
    void rejectTopLevelKeyword(String what, Token open) {
        Token t = peek();
        if (t.kind() == TokenKind.EOF || t.kind() == TokenKind.IDENT && switch (t.text()) {
            case "task", "workflow", "struct", "import" -> true;
            default -> false;
        }) {
            throw unexpected(t, "expected '}' to close the " + what + " opened at line " + lines.line(open.start()));
        }
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    /**
     * Records that the section starting at the current token was seen; a repeated section gets a message naming
     * the line of the first one.
     */
    void once(Map<String, Integer> seen, String owner) {
        Token t = peek();
        Integer first = seen.putIfAbsent(t.text(), lines.line(t.start()));
        if (first != null) {
            throw new WdlException(pos(t), owner + " has a second " + t.text() + " section; the first is at line "
                    + first, "merge the two sections into one");
        }
    }


    /**
     * Set while re-parsing a task whose brace command had nested braces and did not parse: its commands then end
     * at the first '}', as in the draft-2 and 1.0 grammars (for commands like {@code echo "{" > f}).
     */
    boolean firstBraceEndsCommand;
    /** Whether a brace command of the task being parsed was closed by balancing nested braces. */
    boolean sawNestedBraces;

    /**
     * Draft-2 has no input sections. A file that has one almost surely is WDL 1.x without its version line, where
     * parsing on would silently turn every ~{} into literal text.
     */
    void rejectDraft2InputSection(Token t) {
        if (version == Version.DRAFT_2) {
            throw new WdlException(pos(t), "an input section is not WDL draft-2", "this file has no version line, so"
                    + " it is read as WDL draft-2; if it is WDL 1.x, add e.g. 'version 1.0' as its first line");
        }
    }

    void requireV12(Token t, String what) {
        if (!version.atLeast(Version.V1_2)) {
            throw versionError(t, what, Version.V1_2);
        }
    }

    /**
     * A section keyword where a declaration was expected: a section this block cannot hold, or a section keyword
     * not followed by '{'. Either gets a pointed message instead of "unexpected keyword".
     */
    void rejectMisplacedSection(Token t, String where) {
        if (t.kind() != TokenKind.IDENT) {
            return;
        }
        switch (t.text()) {
            case "input", "output", "runtime", "meta", "parameter_meta", "requirements", "hints", "command" -> {
                Token after = peek2();
                if (after.kind() == TokenKind.LBRACE || after.kind() == TokenKind.HEREDOC) {
                    throw new WdlException(pos(t), "a " + where + " cannot have a " + t.text() + " section");
                }
                if (after.kind() != TokenKind.IDENT && after.kind() != TokenKind.LBRACKET
                        && after.kind() != TokenKind.QUESTION && after.kind() != TokenKind.PLUS) {
                    throw unexpected(after, "expected '{' after '" + t.text() + "' to open the " + t.text()
                            + " section");
                }
            }
            default -> { }
        }
    }

    CommandSection parseCommand() {
        Token kw = next();
        Token open = peek();
        if (open.kind() == TokenKind.HEREDOC) {
            next();
            return scanCommand(kw, open, true);
        }
        if (open.kind() == TokenKind.LBRACE) {
            next();
            return scanCommand(kw, open, false);
        }
        throw unexpected(open, "expected '{' or '<<<' after 'command'");
    }

    /**
     * The command body, verbatim. A brace command ends at the '}' that balances its '{' (so {@code awk '{print}'}
     * works); when that does not give a valid task, {@link #parseTask} tries again with commands ending at the
     * first '}', as in the draft-2 and 1.0 grammars.
     */
    CommandSection scanCommand(Token kw, Token open, boolean heredoc) {
        return scanCommandBody(kw, open, heredoc, rawStart(), !heredoc && !firstBraceEndsCommand);
    }

    CommandSection scanCommandBody(Token kw, Token open, boolean heredoc, int start, boolean balanced) {
        char[] src = lexer.buf;
        int len = src.length;
        boolean dollar = !heredoc || version == Version.DRAFT_2;
        boolean tilde = version.atLeast(Version.V1_0);
        List<StringPart> parts = new ArrayList<>();
        int textStart = start;
        int p = start;
        int depth = 0;
        while (true) {
            if (p >= len) {
                throw new WdlException(pos(kw), "the command section opened at line " + lines.line(open.start())
                        + " is not closed: no " + (heredoc ? "'>>>'" : "'}'") + " before the end of the file");
            }
            char c = src[p];
            if (heredoc) {
                if (c == '>' && p + 2 < len && src[p + 1] == '>' && src[p + 2] == '>') {
                    break;
                }
            } else if (c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == '{' && balanced) {
                depth++;
                sawNestedBraces = true;
            }
            if (p + 1 < len && src[p + 1] == '{' && (c == '$' && dollar || c == '~' && tilde)) {
                if (p > textStart) {
                    parts.add(new StringPart.Text(new String(src, textStart, p - textStart)));
                }
                parts.add(c == '$' ? dollarPlaceholder(p, heredoc) : parsePlaceholder(p));
                p = lastEnd;
                textStart = p;
            } else {
                p++;
            }
        }
        if (p > textStart) {
            parts.add(new StringPart.Text(new String(src, textStart, p - textStart)));
        }
        resumeAt(p + (heredoc ? 3 : 1));
        return new CommandSection(pos(kw), List.copyOf(parts), heredoc);
    }

    /**
     * A {@code ${...}} placeholder in a command. Shell code such as {@code ${#files[@]}} or {@code ${VAR:-x}} is
     * not a WDL expression: its error gets a hint on where {@code ${}} belongs to the shell.
     */
    StringPart.Placeholder dollarPlaceholder(int start, boolean heredoc) {
        try {
            return parsePlaceholder(start);
        } catch (WdlException e) {
            Diagnostic d = e.diagnostics().get(0);
            if (d.hint() != null) {
                throw e;
            }
            String hint = version == Version.DRAFT_2
                    ? "in a draft-2 command ${...} is always a WDL placeholder; write shell variables as $VAR"
                    : "in a command { } section ${...} is a WDL placeholder; write shell variables as $VAR, or use"
                            + " command <<< >>>, where only ~{...} is a placeholder and ${...} is left to the shell";
            throw new WdlException(Diagnostic.error(d.pos(), d.message(), hint));
        }
    }

    // ---- declarations

    /** {@code input { ... }} or {@code output { ... }}: declarations, values required for outputs. */
    List<Declaration> parseDeclBlock(String what, boolean needValue, boolean allowEnv) {
        next();
        Token open = next();
        List<Declaration> decls = new ArrayList<>();
        while (!at(TokenKind.RBRACE)) {
            rejectTopLevelKeyword(what, open);
            Declaration d = parseDeclaration(needValue, allowEnv);
            decls.add(d);
        }
        next();
        return decls;
    }

    /** {@code [env] Type name [= expr]}. */
    Declaration parseDeclaration(boolean needValue, boolean allowEnv) {
        Token start = peek();
        boolean env = false;
        if (allowEnv && atWord("env") && version.atLeast(Version.V1_2) && peek2().kind() == TokenKind.IDENT) {
            next();
            env = true;
        }
        Type type = parseType();
        Token name = peek().kind() == TokenKind.IDENT && !Keywords.isReserved(peek().text(), version) ? next()
                : expectDefinedName("a declaration name after the type " + type);
        Expr expr = null;
        if (accept(TokenKind.ASSIGN)) {
            expr = parseExpr();
        } else if (needValue) {
            throw unexpected(peek(), "expected '=' and a value for output '" + name.text() + "'",
                    "outputs are written 'Type name = expression'");
        }
        return new Declaration(pos(start), type, name.text(), expr, env);
    }

    /** {@code runtime}, {@code requirements} and {@code hints}: {@code key: expr}, commas optional. */
    Map<String, Expr> parseKeyValues(String what, boolean hints) {
        next();
        Token open = next();
        enter();
        Map<String, Expr> values = new LinkedHashMap<>();
        while (!at(TokenKind.RBRACE)) {
            Token key = expectName("a key (key: value) or '}' in the ", what);
            expect(TokenKind.COLON, "after '", key.text(), "'");
            if (values.put(key.text(), hints ? parseHintValue() : parseExpr()) != null
                    && what.startsWith("requirements")) {
                // runtime keeps the last of repeated keys (real GATK workflows repeat some), requirements may not
                throw new WdlException(pos(key), "requirement '" + key.text() + "' appears twice");
            }
            accept(TokenKind.COMMA);
        }
        leave();
        expectClose(TokenKind.RBRACE, what, open);
        return values;
    }

    /**
     * A 1.2 hint value: an expression, or {@code hints { ... }}, {@code input { a.b: ... }} or
     * {@code output { ... }}, each represented as an {@link Expr.ObjectLit} (dotted keys kept as written).
     */
    Expr parseHintValue() {
        if (atWord("hints") || atWord("input") || atWord("output")) {
            Token kw = next();
            Token open = expect(TokenKind.LBRACE, "after '" + kw.text() + "' (" + kw.text() + " { key: value })");
            enter();
            List<Expr.Field> fields = new ArrayList<>();
            while (!at(TokenKind.RBRACE)) {
                Token key = expectName("a key (key: value) or '}' in the hint ", kw.text());
                StringBuilder name = new StringBuilder(key.text());
                while (accept(TokenKind.DOT)) {
                    name.append('.').append(expectName("a member name after '.'").text());
                }
                expect(TokenKind.COLON, "after '", name.toString(), "' in the hint");
                fields.add(new Expr.Field(pos(key), name.toString(), parseHintValue()));
                if (!accept(TokenKind.COMMA) && !at(TokenKind.IDENT)) {
                    break;
                }
            }
            leave();
            expectClose(TokenKind.RBRACE, kw.text() + " hint", open);
            return new Expr.ObjectLit(pos(kw), List.copyOf(fields));
        }
        return parseExpr();
    }

    // ---- meta

    Map<String, MetaValue> parseMetaSection() {
        next();
        Map<String, MetaValue> m = parseMetaObject();
        return m;
    }

    Map<String, MetaValue> parseMetaObject() {
        Token open = expect(TokenKind.LBRACE, "");
        enter();
        Map<String, MetaValue> fields = new LinkedHashMap<>();
        while (!at(TokenKind.RBRACE)) {
            Token key = expectName("a key (key: value), or '}' to close the meta object");
            expect(TokenKind.COLON, "after meta key '", key.text(), "'");
            if (fields.put(key.text(), parseMetaValue()) != null) {
                throw new WdlException(pos(key), "meta key '" + key.text() + "' appears twice in the same object");
            }
            accept(TokenKind.COMMA);
        }
        leave();
        expectClose(TokenKind.RBRACE, "meta object", open);
        return fields;
    }

    MetaValue parseMetaValue() {
        Token t = peek();
        switch (t.kind()) {
            case DQUOTE:
            case SQUOTE:
                next();
                return new MetaValue.MetaString(parseMetaString(t));
            case INT:
            case FLOAT:
            case MINUS:
            case PLUS:
                return metaNumber();
            case LBRACE:
                return new MetaValue.MetaObject(parseMetaObject());
            case LBRACKET: {
                Token open = next();
                enter();
                List<MetaValue> items = new ArrayList<>();
                while (!at(TokenKind.RBRACKET)) {
                    items.add(parseMetaValue());
                    if (!accept(TokenKind.COMMA)) {
                        break;
                    }
                }
                leave();
                expectClose(TokenKind.RBRACKET, "meta array", open);
                return new MetaValue.MetaArray(List.copyOf(items));
            }
            case IDENT:
                switch (t.text()) {
                    case "true":
                        next();
                        return new MetaValue.MetaBool(true);
                    case "false":
                        next();
                        return new MetaValue.MetaBool(false);
                    case "null":
                    case "None":
                        next();
                        return new MetaValue.MetaNull();
                    default:
                        break;
                }
                // fall through
            default:
                throw unexpected(t, "expected a meta value (a string, number, true, false, null, array or object)");
        }
    }

    MetaValue metaNumber() {
        Token sign = peek();
        boolean negative = false;
        if (sign.kind() == TokenKind.MINUS || sign.kind() == TokenKind.PLUS) {
            next();
            negative = sign.kind() == TokenKind.MINUS;
            if (!at(TokenKind.INT) && !at(TokenKind.FLOAT)) {
                throw unexpected(peek(), "expected a number after '" + (negative ? "-" : "+") + "'");
            }
        }
        Token n = next();
        Expr e = parseNumber(n, negative, pos(n));
        if (e instanceof Expr.IntLit i) {
            return new MetaValue.MetaInt(i.value());
        }
        return new MetaValue.MetaFloat(((Expr.FloatLit) e).value());
    }

}
