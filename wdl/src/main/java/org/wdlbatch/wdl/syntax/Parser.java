package org.wdlbatch.wdl.syntax;

import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.types.Type;

/**
 * Entry points of the WDL parser. Every method either returns the AST or throws {@link WdlException} naming
 * {@code file:line:col} of the offending token; nothing else escapes.
 *
 * <p>What the parser decides (so later stages need not): escapes in string literals are decoded; 1.2 multi-line
 * strings have their white-space rules applied already ({@code multiline} is informational); command text is kept
 * verbatim (the runtime strips common indentation); {@code -5} is the literal {@code IntLit(-5)}; a draft-2
 * document has only {@code ${}} placeholders, a 1.x one also {@code ~{}} (but in a heredoc command only
 * {@code ~{}}).
 */
public final class Parser {

    private Parser() {}

    /** Parses a whole document; {@code uri} is the name given for the file and goes into every position. */
    public static Document parseDocument(String text, String uri) {
        DocumentParser p = new DocumentParser(text, uri);
        try {
            return p.parseDocument();
        } catch (StackOverflowError e) {
            throw tooDeep(p);
        } catch (WdlException e) {
            throw p.version == Version.DRAFT_2 ? withDraft2Hint(e) : e;
        }
    }

    /** Parses one expression (the whole text) as written in a document of {@code version}. */
    public static Expr parseExpression(String text, Version version) {
        ExpressionParser p = new ExpressionParser(text, "<expression>", version);
        try {
            Expr e = p.parseExpr();
            expectEnd(p, "after the expression");
            return e;
        } catch (StackOverflowError e) {
            throw tooDeep(p);
        }
    }

    /** Parses a type such as {@code Array[File]+?} (the whole text) as written in a document of {@code version}. */
    public static Type parseType(String text, Version version) {
        ExpressionParser p = new ExpressionParser(text, "<type>", version);
        try {
            Type t = p.parseType();
            expectEnd(p, "after the type");
            return t;
        } catch (StackOverflowError e) {
            throw tooDeep(p);
        }
    }

    private static void expectEnd(ExpressionParser p, String where) {
        Token t = p.peek();
        if (t.kind() != TokenKind.EOF) {
            throw p.unexpected(t, "expected nothing more " + where);
        }
    }

    /** A file without a version line is draft-2; when it does not parse, say so (a forgotten version line). */
    private static WdlException withDraft2Hint(WdlException e) {
        Diagnostic d = e.diagnostics().get(0);
        if (d.hint() != null || e.diagnostics().size() != 1) {
            return e;
        }
        return new WdlException(Diagnostic.error(d.pos(), d.message(), "this file has no version line, so it is"
                + " read as WDL draft-2; if it is WDL 1.x, add e.g. 'version 1.0' as its first line"));
    }

    private static WdlException tooDeep(TokenStream p) {
        return new WdlException(p.pos(Math.min(p.lexer.pos, p.lexer.length)), "the input is nested too deeply to"
                + " parse", "split the expression or block into parts");
    }
}
