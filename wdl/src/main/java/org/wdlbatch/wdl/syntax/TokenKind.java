package org.wdlbatch.wdl.syntax;

/** The kinds of token the lexer produces in its normal (non-string, non-command) mode. */
enum TokenKind {
    IDENT("a name"),
    INT("a number"),
    FLOAT("a number"),
    /** An opening {@code "}: the parser scans the string body itself (placeholders need the parser). */
    DQUOTE("'\"'"),
    SQUOTE("'''"),
    /** {@code <<<}: a heredoc command or a 1.2 multi-line string; the body is scanned by the parser. */
    HEREDOC("'<<<'"),
    LBRACE("'{'"), RBRACE("'}'"), LPAREN("'('"), RPAREN("')'"), LBRACKET("'['"), RBRACKET("']'"),
    COMMA("','"), DOT("'.'"), COLON("':'"), ASSIGN("'='"), QUESTION("'?'"),
    EQ("'=='"), NE("'!='"), LT("'<'"), LE("'<='"), GT("'>'"), GE("'>='"),
    PLUS("'+'"), MINUS("'-'"), STAR("'*'"), POW("'**'"), SLASH("'/'"), PERCENT("'%'"),
    NOT("'!'"), AND("'&&'"), OR("'||'"),
    /** A character that starts no token; the token's text holds the message. */
    ERROR("an unexpected character"),
    EOF("the end of the file");

    final String display;

    TokenKind(String display) {
        this.display = display;
    }

    /** After these the lexer must not read ahead: what follows is string or command text, not tokens. */
    boolean opensRawText() {
        return this == DQUOTE || this == SQUOTE || this == HEREDOC;
    }
}
