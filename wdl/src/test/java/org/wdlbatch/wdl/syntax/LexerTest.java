package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The normal-mode lexer: names, numbers, operators, comments; it never throws. */
class LexerTest {

    private static List<String> lex(String text) {
        Lexer lx = new Lexer(text);
        List<String> out = new ArrayList<>();
        while (true) {
            Token t = lx.next();
            if (t.kind() == TokenKind.EOF) {
                return out;
            }
            out.add(t.kind() + (t.text() != null ? "(" + t.text() + ")" : ""));
            if (t.kind().opensRawText()) {
                return out;
            }
        }
    }

    @Test
    void operatorsLongestMatchFirst() {
        assertThat(lex("== != <= >= < > = ! && || ** * + - / % ? : , . ( ) [ ] { }")).containsExactly(
                "EQ", "NE", "LE", "GE", "LT", "GT", "ASSIGN", "NOT", "AND", "OR", "POW", "STAR", "PLUS", "MINUS",
                "SLASH", "PERCENT", "QUESTION", "COLON", "COMMA", "DOT", "LPAREN", "RPAREN", "LBRACKET", "RBRACKET",
                "LBRACE", "RBRACE");
        assertThat(lex("a<<<b")).containsExactly("IDENT(a)", "HEREDOC");
        assertThat(lex("a<<b")).containsExactly("IDENT(a)", "LT", "LT", "IDENT(b)");
    }

    @Test
    void namesNumbersAndComments() {
        assertThat(lex("x_1 # comment ~{ \" ignored\n  Int9 ## doc comment\n"))
                .containsExactly("IDENT(x_1)", "IDENT(Int9)");
        assertThat(lex("0 12 0x1f 017 1.5 1. .5 1e3 1.5E-2 2e+1"))
                .containsExactly("INT(0)", "INT(12)", "INT(0x1f)", "INT(017)", "FLOAT(1.5)", "FLOAT(1.)",
                        "FLOAT(.5)", "FLOAT(1e3)", "FLOAT(1.5E-2)", "FLOAT(2e+1)");
        // a member access after an index is not a float
        assertThat(lex("x[0].left")).containsExactly("IDENT(x)", "LBRACKET", "INT(0)", "RBRACKET", "DOT",
                "IDENT(left)");
        // '1e' without digits is a number followed by a name... and is reported as one malformed token
        assertThat(lex("1e")).containsExactly("ERROR(malformed number '1e')");
    }

    @Test
    void badCharactersBecomeErrorTokens() {
        assertThat(lex("a & b | c @")).containsExactly("IDENT(a)",
                "ERROR(unexpected character '&' (did you mean '&&'?))", "IDENT(b)",
                "ERROR(unexpected character '|' (did you mean '||'?))", "IDENT(c)", "ERROR(unexpected character '@')");
        assertThat(lex("\u00e9")).containsExactly("ERROR(unexpected character U+00E9)");
    }

    @Test
    void stopsBeforeStringBodies() {
        assertThat(lex("s = \"a b")).containsExactly("IDENT(s)", "ASSIGN", "DQUOTE");
        assertThat(lex("'x'")).containsExactly("SQUOTE");
    }
}
