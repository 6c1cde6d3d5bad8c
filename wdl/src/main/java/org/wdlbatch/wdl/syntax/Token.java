package org.wdlbatch.wdl.syntax;

/**
 * One token: its kind and where it lies in the source ({@code start} inclusive, {@code end} exclusive).
 * {@code text} is the source text for names and numbers, the message for {@link TokenKind#ERROR}, else null.
 */
record Token(TokenKind kind, int start, int end, String text) {

    /** How the token is named in messages: {@code 'workflow'}, {@code '}'}, {@code the end of the file}. */
    String describe() {
        return switch (kind) {
            case IDENT, INT, FLOAT -> "'" + text + "'";
            case ERROR -> text;
            default -> kind.display;
        };
    }
}
