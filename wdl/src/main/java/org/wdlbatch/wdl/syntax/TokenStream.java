package org.wdlbatch.wdl.syntax;

import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.source.WdlException;

/**
 * The parser's view of the token stream: up to two tokens of look-ahead, expectations with clear messages, the
 * nesting-depth guard, and the hand-over to character-level scanning for string and command bodies.
 */
abstract class TokenStream {

    /** Deeper nesting of expressions or blocks than this is refused (instead of overflowing the stack). */
    static final int MAX_DEPTH = 512;

    final Lexer lexer;
    final LineMap lines;
    Version version;

    private Token t0;
    private Token t1;
    private int buffered;
    /** End offset of the last consumed token: where raw scanning of a string or command body starts. */
    int lastEnd;
    private int depth;

    TokenStream(String text, String uri, Version version) {
        this.lexer = new Lexer(text);
        this.lines = new LineMap(uri, text);
        this.version = version;
    }

    // ---- look-ahead and consumption

    final Token peek() {
        if (buffered == 0) {
            t0 = lexer.next();
            buffered = 1;
        }
        return t0;
    }

    /** The token after {@link #peek()}; never reads into a string or command body. */
    final Token peek2() {
        peek();
        if (buffered == 1) {
            if (t0.kind().opensRawText() || t0.kind() == TokenKind.EOF) {
                return new Token(TokenKind.EOF, t0.end(), t0.end(), null);
            }
            t1 = lexer.next();
            buffered = 2;
        }
        return t1;
    }

    final Token next() {
        Token t = peek();
        if (t.kind() == TokenKind.ERROR) {
            throw new WdlException(pos(t), t.text());
        }
        lastEnd = t.end();
        t0 = t1;
        t1 = null;
        buffered--;
        return t;
    }

    final boolean at(TokenKind kind) {
        return peek().kind() == kind;
    }

    final boolean atWord(String word) {
        Token t = peek();
        return t.kind() == TokenKind.IDENT && t.text().equals(word);
    }

    /** {@code word} followed by {@code {}: how sections ({@code input {}, {@code meta {}, ...) start. */
    final boolean atSection(String word) {
        return atWord(word) && peek2().kind() == TokenKind.LBRACE;
    }

    final boolean accept(TokenKind kind) {
        if (at(kind)) {
            next();
            return true;
        }
        return false;
    }

    final Token expect(TokenKind kind, String context) {
        Token t = peek();
        if (t.kind() != kind) {
            throw unexpected(t, "expected " + kind.display + (context.isEmpty() ? "" : " " + context));
        }
        return next();
    }

    final Token expectWord(String word, String context) {
        if (!atWord(word)) {
            throw unexpected(peek(), "expected '" + word + "'" + (context.isEmpty() ? "" : " " + context));
        }
        return next();
    }

    /** Expects a closing token; the message names what it closes and where that was opened. */
    final Token expectClose(TokenKind kind, String what, Token opener) {
        if (peek().kind() == kind) {
            return next();
        }
        throw unexpected(peek(), "expected " + kind.display + " to close the " + what + " opened at line "
                + lines.line(opener.start()));
    }

    /** Like {@link #expect} for hot paths: the message (built only on failure) is {@code expected X <a><b><c>}. */
    final Token expect(TokenKind kind, String a, String b, String c) {
        if (peek().kind() == kind) {
            return next();
        }
        throw unexpected(peek(), "expected " + kind.display + " " + a + b + c);
    }

    /** Like {@link #expectName} for hot paths: the message is built only on failure. */
    final Token expectName(String a, Object b) {
        if (peek().kind() == TokenKind.IDENT) {
            return next();
        }
        throw unexpected(peek(), "expected " + a + b);
    }

    final Token expectName(String what) {
        Token t = peek();
        if (t.kind() != TokenKind.IDENT) {
            throw unexpected(t, "expected " + what);
        }
        return next();
    }

    /** A name that must not be a reserved word (declarations, tasks, calls, ...). */
    final Token expectDefinedName(String what) {
        Token t = expectName(what);
        if (Keywords.isReserved(t.text(), version)) {
            throw new WdlException(pos(t), "'" + t.text() + "' is a reserved word in WDL " + version
                    + " and cannot be used as " + what, "choose another name");
        }
        return t;
    }

    // ---- raw scanning hand-over

    /**
     * Starts character-level scanning right after the last consumed token, dropping any look-ahead (which was
     * lexed from what is really string or command text).
     */
    final int rawStart() {
        buffered = 0;
        t0 = null;
        t1 = null;
        return lastEnd;
    }

    /** Resumes token scanning at {@code offset} after a raw body. */
    final void resumeAt(int offset) {
        buffered = 0;
        t0 = null;
        t1 = null;
        lexer.pos = offset;
        lastEnd = offset;
    }

    // ---- depth guard

    final void enter() {
        if (++depth > MAX_DEPTH) {
            throw new WdlException(pos(peek().start()), "nesting deeper than " + MAX_DEPTH
                    + " levels (expressions, strings or blocks)", "split the expression or block into parts");
        }
    }

    final void leave() {
        depth--;
    }

    final int depth() {
        return depth;
    }

    /** Restores the nesting depth after abandoning a parse attempt (an exception skipped the leave() calls). */
    final void restoreDepth(int saved) {
        depth = saved;
    }

    // ---- positions and errors

    final SourcePos pos(Token t) {
        return lines.pos(t.start());
    }

    final SourcePos pos(int offset) {
        return lines.pos(offset);
    }

    final WdlException unexpected(Token found, String expectation) {
        if (found.kind() == TokenKind.ERROR) {
            return new WdlException(pos(found), found.text() + " (" + expectation + ")");
        }
        return new WdlException(pos(found), expectation + ", found " + found.describe());
    }

    final WdlException unexpected(Token found, String expectation, String hint) {
        if (found.kind() == TokenKind.ERROR) {
            return new WdlException(pos(found), found.text() + " (" + expectation + ")", hint);
        }
        return new WdlException(pos(found), expectation + ", found " + found.describe(), hint);
    }

    final WdlException versionError(Token at, String feature, Version needed) {
        return new WdlException(pos(at), feature + " requires WDL " + needed + " or later (this document is "
                + (version == Version.DRAFT_2 ? "draft-2" : "version " + version) + ")",
                "declare 'version " + needed + "' at the top of the file");
    }
}
