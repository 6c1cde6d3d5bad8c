package org.wdlbatch.wdl.syntax;

/**
 * The normal-mode lexer: names, numbers, punctuation; skips white space and {@code #} comments. String and command
 * bodies are not tokens: on an opening quote or {@code <<<} the lexer stops and the parser scans the body
 * character by character (it needs to parse the placeholders inside), then resumes tokens at {@link #pos}.
 *
 * <p>It never throws: a bad character becomes an {@link TokenKind#ERROR} token, so the parser may look ahead
 * freely and only reports the problem if it really reaches that token.
 */
final class Lexer {

    final String src;
    /** The source as an array: indexing it is much cheaper than String.charAt, above all before the JIT warms up. */
    final char[] buf;
    final int length;
    /** Where the next token starts (after trivia is skipped). */
    int pos;

    Lexer(String src) {
        this.src = src;
        this.buf = src.toCharArray();
        this.length = buf.length;
    }

    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    char charAt(int i) {
        return i < length ? buf[i] : '\0';
    }

    /** Skips spaces, tabs, newlines and comments (including 1.2 {@code ##} doc comments). */
    void skipTrivia() {
        int p = pos;
        while (p < length) {
            char c = buf[p];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                p++;
            } else if (c == '#') {
                while (p < length && buf[p] != '\n') {
                    p++;
                }
            } else {
                break;
            }
        }
        pos = p;
    }

    Token next() {
        skipTrivia();
        int start = pos;
        if (start >= length) {
            return new Token(TokenKind.EOF, start, start, null);
        }
        char c = buf[start];
        if (isNameStart(c)) {
            int p = start + 1;
            while (p < length && isNamePart(buf[p])) {
                p++;
            }
            pos = p;
            return new Token(TokenKind.IDENT, start, p, src.substring(start, p));
        }
        if (isDigit(c) || (c == '.' && isDigit(charAt(start + 1)))) {
            return number(start);
        }
        char d = charAt(start + 1);
        switch (c) {
            case '"': return punct(TokenKind.DQUOTE, start, 1);
            case '\'': return punct(TokenKind.SQUOTE, start, 1);
            case '{': return punct(TokenKind.LBRACE, start, 1);
            case '}': return punct(TokenKind.RBRACE, start, 1);
            case '(': return punct(TokenKind.LPAREN, start, 1);
            case ')': return punct(TokenKind.RPAREN, start, 1);
            case '[': return punct(TokenKind.LBRACKET, start, 1);
            case ']': return punct(TokenKind.RBRACKET, start, 1);
            case ',': return punct(TokenKind.COMMA, start, 1);
            case '.': return punct(TokenKind.DOT, start, 1);
            case ':': return punct(TokenKind.COLON, start, 1);
            case '?': return punct(TokenKind.QUESTION, start, 1);
            case '+': return punct(TokenKind.PLUS, start, 1);
            case '-': return punct(TokenKind.MINUS, start, 1);
            case '/': return punct(TokenKind.SLASH, start, 1);
            case '%': return punct(TokenKind.PERCENT, start, 1);
            case '*': return d == '*' ? punct(TokenKind.POW, start, 2) : punct(TokenKind.STAR, start, 1);
            case '=': return d == '=' ? punct(TokenKind.EQ, start, 2) : punct(TokenKind.ASSIGN, start, 1);
            case '!': return d == '=' ? punct(TokenKind.NE, start, 2) : punct(TokenKind.NOT, start, 1);
            case '>': return d == '=' ? punct(TokenKind.GE, start, 2) : punct(TokenKind.GT, start, 1);
            case '<':
                if (d == '<' && charAt(start + 2) == '<') {
                    return punct(TokenKind.HEREDOC, start, 3);
                }
                return d == '=' ? punct(TokenKind.LE, start, 2) : punct(TokenKind.LT, start, 1);
            case '&':
                if (d == '&') {
                    return punct(TokenKind.AND, start, 2);
                }
                return error(start, "unexpected character '&' (did you mean '&&'?)");
            case '|':
                if (d == '|') {
                    return punct(TokenKind.OR, start, 2);
                }
                return error(start, "unexpected character '|' (did you mean '||'?)");
            default:
                return error(start, "unexpected character " + describeChar(c));
        }
    }

    static String describeChar(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    private Token punct(TokenKind kind, int start, int len) {
        pos = start + len;
        return new Token(kind, start, start + len, null);
    }

    private Token error(int start, String message) {
        pos = start + 1;
        return new Token(TokenKind.ERROR, start, start + 1, message);
    }

    private Token number(int start) {
        int p = start;
        if (buf[p] == '0' && (charAt(p + 1) == 'x' || charAt(p + 1) == 'X') && isHexDigit(charAt(p + 2))) {
            p += 2;
            while (p < length && isHexDigit(buf[p])) {
                p++;
            }
            return finishNumber(TokenKind.INT, start, p);
        }
        boolean isFloat = false;
        while (p < length && isDigit(buf[p])) {
            p++;
        }
        if (charAt(p) == '.' && !isNameStart(charAt(p + 1))) {
            isFloat = true;
            p++;
            while (p < length && isDigit(buf[p])) {
                p++;
            }
        }
        char e = charAt(p);
        if (e == 'e' || e == 'E') {
            int q = p + 1;
            if (charAt(q) == '+' || charAt(q) == '-') {
                q++;
            }
            if (isDigit(charAt(q))) {
                isFloat = true;
                p = q;
                while (p < length && isDigit(buf[p])) {
                    p++;
                }
            }
        }
        return finishNumber(isFloat ? TokenKind.FLOAT : TokenKind.INT, start, p);
    }

    private Token finishNumber(TokenKind kind, int start, int end) {
        if (end < length && isNamePart(buf[end])) {
            // "12abc": one bad token, not a number followed by a name
            int p = end;
            while (p < length && isNamePart(buf[p])) {
                p++;
            }
            pos = p;
            return new Token(TokenKind.ERROR, start, p, "malformed number '" + src.substring(start, p) + "'");
        }
        pos = end;
        return new Token(kind, start, end, src.substring(start, end));
    }
}
