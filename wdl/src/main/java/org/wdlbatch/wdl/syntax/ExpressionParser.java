package org.wdlbatch.wdl.syntax;

import java.util.ArrayList;
import java.util.List;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Expr.BinaryOp;
import org.wdlbatch.wdl.ast.Expr.UnaryOp;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.types.Type;

/**
 * Expressions (precedence climbing over the spec's table), string literals with placeholders, 1.2 multi-line
 * strings, and types.
 *
 * <p>Precedence, loosest first: {@code if-then-else}; {@code ||}; {@code &&}; {@code == !=}; {@code < <= > >=};
 * {@code + -}; {@code * / %}; {@code **} (1.2); unary {@code ! - +}; postfix {@code [i]} and {@code .member};
 * primaries. All binary operators are left-associative, {@code **} included, as the 1.2 table says.
 */
class ExpressionParser extends TokenStream {

    ExpressionParser(String text, String uri, Version version) {
        super(text, uri, version);
    }

    // ---- expressions

    final Expr parseExpr() {
        return parseBinary(1);
    }

    private static int precedence(TokenKind kind) {
        return switch (kind) {
            case OR -> 1;
            case AND -> 2;
            case EQ, NE -> 3;
            case LT, LE, GT, GE -> 4;
            case PLUS, MINUS -> 5;
            case STAR, SLASH, PERCENT -> 6;
            case POW -> 7;
            default -> 0;
        };
    }

    private static BinaryOp binaryOp(TokenKind kind) {
        return switch (kind) {
            case OR -> BinaryOp.OR;
            case AND -> BinaryOp.AND;
            case EQ -> BinaryOp.EQ;
            case NE -> BinaryOp.NE;
            case LT -> BinaryOp.LT;
            case LE -> BinaryOp.LE;
            case GT -> BinaryOp.GT;
            case GE -> BinaryOp.GE;
            case PLUS -> BinaryOp.ADD;
            case MINUS -> BinaryOp.SUB;
            case STAR -> BinaryOp.MUL;
            case SLASH -> BinaryOp.DIV;
            case PERCENT -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    private Expr parseBinary(int minPrec) {
        enter();
        Expr left = parseUnary();
        while (true) {
            Token op = peek();
            int prec = precedence(op.kind());
            if (prec == 0 || prec < minPrec) {
                break;
            }
            if (op.kind() == TokenKind.POW && !version.atLeast(Version.V1_2)) {
                throw versionError(op, "the exponentiation operator '**'", Version.V1_2);
            }
            next();
            Expr right = parseBinary(prec + 1);
            left = new Expr.Binary(left.pos(), binaryOp(op.kind()), left, right);
        }
        leave();
        return left;
    }

    private Expr parseUnary() {
        Token t = peek();
        UnaryOp op = switch (t.kind()) {
            case NOT -> UnaryOp.NOT;
            case MINUS -> UnaryOp.NEGATE;
            case PLUS -> UnaryOp.PLUS;
            default -> null;
        };
        if (op == null) {
            return parsePostfix();
        }
        next();
        if (op == UnaryOp.NEGATE && (at(TokenKind.INT) || at(TokenKind.FLOAT))) {
            // -5 is the literal -5 (so that Int's minimum value can be written)
            return parseNumber(next(), true, pos(t));
        }
        enter();
        Expr operand = parseUnary();
        leave();
        return new Expr.Unary(pos(t), op, operand);
    }

    private Expr parsePostfix() {
        Expr e = parsePrimary();
        while (true) {
            if (at(TokenKind.LBRACKET)) {
                Token open = next();
                enter();
                Expr index = parseExpr();
                leave();
                expectClose(TokenKind.RBRACKET, "index", open);
                e = new Expr.Index(e.pos(), e, index);
            } else if (at(TokenKind.DOT)) {
                next();
                Token member = expectName("a member name after '.'");
                e = new Expr.Access(e.pos(), e, member.text());
            } else {
                return e;
            }
        }
    }

    private Expr parsePrimary() {
        Token t = peek();
        switch (t.kind()) {
            case INT:
            case FLOAT:
                return parseNumber(next(), false, pos(t));
            case DQUOTE:
            case SQUOTE:
                next();
                return parseString(t);
            case HEREDOC:
                if (!version.atLeast(Version.V1_2)) {
                    throw versionError(t, "a multi-line string <<< >>>", Version.V1_2);
                }
                next();
                return parseMultilineString(t);
            case LPAREN: {
                next();
                enter();
                Expr first = parseExpr();
                Expr result;
                if (accept(TokenKind.COMMA)) {
                    Expr second = parseExpr();
                    result = new Expr.PairLit(pos(t), first, second);
                }  else {
                    result = first;
                }
                leave();
                expectClose(TokenKind.RPAREN, "parenthesis", t);
                return result;
            }
            case LBRACKET:
                return parseArray();
            case LBRACE:
                return parseMap();
            case IDENT:
                return parseNameExpr();
            default:
                throw unexpected(t, "expected an expression");
        }
    }

    final Expr parseNumber(Token t, boolean negative, SourcePos pos) {
        String text = t.text();
        if (t.kind() == TokenKind.FLOAT) {
            double v = Double.parseDouble(text);
            if (Double.isInfinite(v)) {
                throw new WdlException(pos(t), "float literal " + text + " is out of range");
            }
            return new Expr.FloatLit(pos, negative ? -v : v);
        }
        String digits = text;
        int radix = 10;
        if (text.length() > 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            digits = text.substring(2);
            radix = 16;
        } else if (text.length() > 1 && text.charAt(0) == '0') {
            digits = text.substring(1);
            radix = 8;
        }
        try {
            return new Expr.IntLit(pos, Long.parseLong(negative ? "-" + digits : digits, radix));
        } catch (NumberFormatException e) {
            String why = radix == 8 && digits.chars().anyMatch(c -> c == '8' || c == '9')
                    ? "is not a valid octal number (a leading 0 means octal)"
                    : "does not fit in a 64-bit Int";
            throw new WdlException(pos(t), "integer literal " + (negative ? "-" : "") + text + " " + why);
        }
    }

    private Expr parseArray() {
        Token open = next();
        enter();
        List<Expr> items = new ArrayList<>();
        while (!at(TokenKind.RBRACKET)) {
            items.add(parseExpr());
            if (!accept(TokenKind.COMMA)) {
                break;
            }
        }
        leave();
        expectClose(TokenKind.RBRACKET, "array literal", open);
        return new Expr.ArrayLit(pos(open), items);
    }

    private Expr parseMap() {
        Token open = next();
        enter();
        List<Expr.MapEntry> entries = new ArrayList<>();
        while (!at(TokenKind.RBRACE)) {
            Expr key = parseExpr();
            expect(TokenKind.COLON, "between a map key and its value");
            Expr value = parseExpr();
            entries.add(new Expr.MapEntry(key, value));
            if (!accept(TokenKind.COMMA)) {
                break;
            }
        }
        leave();
        expectClose(TokenKind.RBRACE, "map literal", open);
        return new Expr.MapLit(pos(open), entries);
    }

    private Expr parseNameExpr() {
        Token t = next();
        String name = t.text();
        SourcePos p = pos(t);
        switch (name) {
            case "true":
                return new Expr.BoolLit(p, true);
            case "false":
                return new Expr.BoolLit(p, false);
            case "None":
                if (!version.atLeast(Version.V1_1)) {
                    throw versionError(t, "the None literal", Version.V1_1);
                }
                return new Expr.NoneLit(p);
            case "if":
                return parseIfThenElse(t);
            case "object":
                if (!at(TokenKind.LBRACE)) {
                    throw unexpected(peek(), "expected '{' after 'object' (object { key: value, ... })");
                }
                return new Expr.ObjectLit(p, parseFields("object literal"));
            default:
                break;
        }
        if (at(TokenKind.LPAREN)) {
            Token open = next();
            enter();
            List<Expr> args = new ArrayList<>();
            while (!at(TokenKind.RPAREN)) {
                args.add(parseExpr());
                if (!accept(TokenKind.COMMA)) {
                    break;
                }
            }
            leave();
            if (!at(TokenKind.RPAREN)) {
                expectClose(TokenKind.RPAREN, "argument list of " + name + "()", open);
            }
            next();
            return new Expr.Apply(p, name, args);
        }
        if (at(TokenKind.LBRACE) && !Keywords.isReserved(name, version)) {
            if (!version.atLeast(Version.V1_1)) {
                throw new WdlException(pos(t), "a struct literal '" + name + " { ... }' requires WDL 1.1 or later",
                        "in WDL 1.0 write 'object { ... }' and let it coerce to the struct, or declare 'version 1.1'");
            }
            return new Expr.StructLit(p, name, parseFields("struct literal"));
        }
        if (Keywords.isReserved(name, version) && !(name.equals("task") && version.atLeast(Version.V1_2))) {
            throw new WdlException(p, "unexpected keyword '" + name + "' where an expression was expected");
        }
        return new Expr.Ident(p, name);
    }

    private Expr parseIfThenElse(Token ifToken) {
        enter();
        Expr cond = parseExpr();
        expectWord("then", "after the condition of 'if' (if ... then ... else ...)");
        Expr a = parseExpr();
        expectWord("else", "in 'if ... then ... else ...'");
        Expr b = parseExpr();
        leave();
        return new Expr.IfThenElse(pos(ifToken), cond, a, b);
    }

    /** {@code { name: expr, "name": expr, ... }} of object and struct literals. */
    private List<Expr.Field> parseFields(String what) {
        Token open = next();
        enter();
        List<Expr.Field> fields = new ArrayList<>();
        while (!at(TokenKind.RBRACE)) {
            Token key = peek();
            String name;
            if (key.kind() == TokenKind.DQUOTE || key.kind() == TokenKind.SQUOTE) {
                next();
                name = parsePlainString(key);
            } else {
                name = expectName("a member name in the ", what).text();
            }
            expect(TokenKind.COLON, "after member '", name, "'");
            fields.add(new Expr.Field(pos(key), name, parseExpr()));
            if (!accept(TokenKind.COMMA)) {
                break;
            }
        }
        leave();
        expectClose(TokenKind.RBRACE, what, open);
        return fields;
    }

    // ---- strings

    /** A quoted string whose opening quote {@code open} was just consumed. */
    final Expr.StringLit parseString(Token open) {
        return scanString(open, true);
    }

    /**
     * Scans a quoted string, decoding escapes; {@code placeholders} says whether {@code ~{}} / {@code ${}} are
     * placeholders or literal text. Without placeholders the result is always a single text part.
     */
    private Expr.StringLit scanString(Token open, boolean placeholders) {
        char quote = lexer.buf[open.start()];
        char[] src = lexer.buf;
        int len = src.length;
        int p = rawStart();
        List<StringPart> parts = new ArrayList<>(2);
        StringBuilder text = new StringBuilder();
        boolean tilde = version.atLeast(Version.V1_0);
        while (true) {
            if (p >= len) {
                throw new WdlException(pos(open), "unterminated string: no closing " + quote
                        + " before the end of the file");
            }
            char c = src[p];
            if (c == quote) {
                p++;
                break;
            }
            if (c == '\\') {
                int q = Escapes.decode(src, p, len, text);
                if (q == Escapes.MALFORMED) {
                    throw new WdlException(pos(p), "malformed escape sequence in string",
                            "\\x needs 2 hex digits, \\u 4 and \\U 8; write \\\\ for a backslash");
                }
                p = q;
            } else if (placeholders && (c == '$' && p + 1 < len && src[p + 1] == '{'
                    || c == '~' && tilde && p + 1 < len && src[p + 1] == '{')) {
                if (!text.isEmpty()) {
                    parts.add(new StringPart.Text(text.toString()));
                    text.setLength(0);
                }
                parts.add(parsePlaceholder(p));
                p = lastEnd;
            } else {
                text.append(c);
                p++;
            }
        }
        if (!text.isEmpty() || parts.isEmpty()) {
            parts.add(new StringPart.Text(text.toString()));
        }
        resumeAt(p);
        return new Expr.StringLit(pos(open), List.copyOf(parts), false);
    }

    /**
     * A quoted string without interpolation (import URIs, meta values, object keys): placeholders are refused
     * where they cannot be evaluated.
     */
    final String parsePlainString(Token open) {
        Expr.StringLit s = parseString(open);
        StringBuilder b = new StringBuilder();
        for (StringPart part : s.parts()) {
            if (part instanceof StringPart.Text t) {
                b.append(t.text());
            } else {
                throw new WdlException(((StringPart.Placeholder) part).pos(),
                        "a placeholder is not allowed here: this string must be a constant",
                        "escape it as \\~{ or \\${ if you mean the characters");
            }
        }
        return b.toString();
    }

    /**
     * A meta string: like a constant string, but placeholders stay literal text (meta values are never
     * evaluated, and descriptions often mention {@code ${var}}).
     */
    final String parseMetaString(Token open) {
        return ((StringPart.Text) scanString(open, false).parts().get(0)).text();
    }

    /**
     * {@code ~{...}} or {@code ${...}} starting at {@code start} (the {@code ~} or {@code $}): options, the
     * expression, the closing brace. Afterwards {@link #lastEnd} is just past the closing brace.
     */
    final StringPart.Placeholder parsePlaceholder(int start) {
        resumeAt(start + 2);
        Token open = new Token(TokenKind.LBRACE, start, start + 2, null);
        enter();
        List<StringPart.PlaceholderOption> options = new ArrayList<>(0);
        while (at(TokenKind.IDENT) && peek2().kind() == TokenKind.ASSIGN) {
            Token name = next();
            switch (name.text()) {
                case "sep", "true", "false", "default" -> { }
                default -> throw new WdlException(pos(name), "unknown placeholder option '" + name.text() + "'",
                        "the options are sep=, true=, false= and default=");
            }
            for (StringPart.PlaceholderOption o : options) {
                if (o.name().equals(name.text())) {
                    throw new WdlException(pos(name), "placeholder option '" + name.text() + "' given twice");
                }
            }
            next();
            Expr value = parseUnary();
            options.add(new StringPart.PlaceholderOption(name.text(), value));
        }
        if (at(TokenKind.RBRACE)) {
            throw new WdlException(pos(start), options.isEmpty()
                    ? "empty placeholder: write an expression between the braces"
                    : "the placeholder has options but no expression");
        }
        Expr e = parseExpr();
        leave();
        Token close = peek();
        if (close.kind() != TokenKind.RBRACE) {
            throw unexpected(close, "expected '}' to close the placeholder opened at line " + lines.line(start)
                    + " column " + pos(start).column());
        }
        next();
        return new StringPart.Placeholder(pos(start), e, List.copyOf(options));
    }

    /** A 1.2 multi-line string {@code <<< ... >>>}; the opening {@code <<<} was just consumed. */
    private Expr.StringLit parseMultilineString(Token open) {
        char[] src = lexer.buf;
        int len = src.length;
        int p = rawStart();
        List<Object> raw = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            if (p >= len) {
                throw new WdlException(pos(open), "unterminated multi-line string: no closing >>> before the end"
                        + " of the file");
            }
            char c = src[p];
            if (c == '>' && p + 2 < len && src[p + 1] == '>' && src[p + 2] == '>') {
                p += 3;
                break;
            }
            if (c == '\\' && p + 1 < len) {
                // escapes are decoded after the white-space rules; keep the pair so '\~{' stays literal
                text.append(c).append(src[p + 1]);
                p += 2;
            } else if (c == '~' && p + 1 < len && src[p + 1] == '{') {
                raw.add(text.toString());
                text.setLength(0);
                raw.add(parsePlaceholder(p));
                p = lastEnd;
            } else {
                text.append(c);
                p++;
            }
        }
        raw.add(text.toString());
        resumeAt(p);
        List<StringPart> parts = new ArrayList<>();
        for (Object o : MultilineStrings.apply(raw)) {
            if (o instanceof String s) {
                if (s.isEmpty()) {
                    continue;
                }
                String decoded = Escapes.decodeAll(s);
                if (decoded == null) {
                    throw new WdlException(pos(open), "malformed escape sequence in multi-line string",
                            "\\x needs 2 hex digits, \\u 4 and \\U 8; write \\\\ for a backslash");
                }
                parts.add(new StringPart.Text(decoded));
            } else {
                parts.add((StringPart) o);
            }
        }
        if (parts.isEmpty()) {
            parts.add(new StringPart.Text(""));
        }
        return new Expr.StringLit(pos(open), List.copyOf(parts), true);
    }

    // ---- types

    final Type parseType() {
        enter();
        Token name = expectName("a type");
        Type t = switch (name.text()) {
            case "Int" -> noParams(name, Type.INT);
            case "Float" -> noParams(name, Type.FLOAT);
            case "Boolean" -> noParams(name, Type.BOOLEAN);
            case "String" -> noParams(name, Type.STRING);
            case "File" -> noParams(name, Type.FILE);
            case "Object" -> noParams(name, Type.OBJECT);
            case "Directory" -> version.atLeast(Version.V1_2) ? noParams(name, Type.DIRECTORY)
                    : structType(name);
            case "Array" -> {
                Token open = expect(TokenKind.LBRACKET, "after 'Array' (Array[ItemType])");
                Type item = parseType();
                expectClose(TokenKind.RBRACKET, "type parameters of Array", open);
                yield Type.arrayOf(item);
            }
            case "Map" -> {
                Token open = expect(TokenKind.LBRACKET, "after 'Map' (Map[KeyType, ValueType])");
                Type k = parseType();
                expect(TokenKind.COMMA, "between the key and value types of Map");
                Type v = parseType();
                expectClose(TokenKind.RBRACKET, "type parameters of Map", open);
                yield Type.mapOf(k, v);
            }
            case "Pair" -> {
                Token open = expect(TokenKind.LBRACKET, "after 'Pair' (Pair[LeftType, RightType])");
                Type l = parseType();
                expect(TokenKind.COMMA, "between the left and right types of Pair");
                Type r = parseType();
                expectClose(TokenKind.RBRACKET, "type parameters of Pair", open);
                yield Type.pairOf(l, r);
            }
            default -> structType(name);
        };
        leave();
        if (at(TokenKind.PLUS)) {
            Token plus = next();
            if (!(t instanceof Type.ArrayType a)) {
                throw new WdlException(pos(plus), "the non-empty quantifier '+' applies only to Array types, not "
                        + t);
            }
            t = new Type.ArrayType(a.item(), true, false);
        }
        if (accept(TokenKind.QUESTION)) {
            t = t.asOptional();
        }
        return t;
    }

    private Type noParams(Token name, Type t) {
        if (at(TokenKind.LBRACKET)) {
            throw new WdlException(pos(peek()), name.text() + " takes no type parameters");
        }
        return t;
    }

    private Type structType(Token name) {
        if (version == Version.DRAFT_2) {
            throw new WdlException(pos(name), "unknown type '" + name.text() + "'",
                    "draft-2 has no structs; declare 'version 1.0' or later to use struct types");
        }
        if (Keywords.isReserved(name.text(), version)) {
            throw new WdlException(pos(name), "unexpected keyword '" + name.text() + "' where a type was expected");
        }
        if (at(TokenKind.LBRACKET)) {
            throw new WdlException(pos(peek()), "unknown type '" + name.text() + "' with type parameters",
                    "only Array, Map and Pair take type parameters");
        }
        return new Type.StructType(name.text(), null, false);
    }
}
