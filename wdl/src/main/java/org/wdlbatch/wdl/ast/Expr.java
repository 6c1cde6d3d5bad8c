package org.wdlbatch.wdl.ast;

import java.util.List;
import org.wdlbatch.wdl.source.SourcePos;

/**
 * WDL expressions. The parser builds these; the type checker and the evaluator walk them with pattern matching.
 *
 * <p>{@code a.b.c} is parsed as nested {@link Access} on an {@link Ident}; whether {@code a} is a call, a struct
 * value, a pair ({@code left}/{@code right}) or an import namespace is decided by the type checker.
 */
public sealed interface Expr {

    SourcePos pos();

    record IntLit(SourcePos pos, long value) implements Expr {}

    record FloatLit(SourcePos pos, double value) implements Expr {}

    record BoolLit(SourcePos pos, boolean value) implements Expr {}

    /** {@code None} (1.1+). */
    record NoneLit(SourcePos pos) implements Expr {}

    /** A string literal, possibly with interpolated placeholders; {@code multiline} for 1.2 {@code <<< >>>} strings. */
    record StringLit(SourcePos pos, List<StringPart> parts, boolean multiline) implements Expr {}

    record ArrayLit(SourcePos pos, List<Expr> items) implements Expr {}

    record MapLit(SourcePos pos, List<MapEntry> entries) implements Expr {}

    record MapEntry(Expr key, Expr value) {}

    record PairLit(SourcePos pos, Expr left, Expr right) implements Expr {}

    /** {@code object { a: 1, b: "x" }}. */
    record ObjectLit(SourcePos pos, List<Field> fields) implements Expr {}

    /** {@code MyStruct { a: 1, b: "x" }} (1.1+). */
    record StructLit(SourcePos pos, String structName, List<Field> fields) implements Expr {}

    record Field(SourcePos pos, String name, Expr value) {}

    /** A bare name: a declaration, a call, a scatter variable, or the first part of a namespaced name. */
    record Ident(SourcePos pos, String name) implements Expr {}

    /** {@code target.member}. */
    record Access(SourcePos pos, Expr target, String member) implements Expr {}

    /** {@code target[index]}. */
    record Index(SourcePos pos, Expr target, Expr index) implements Expr {}

    /** A standard library call {@code name(args...)}. */
    record Apply(SourcePos pos, String function, List<Expr> args) implements Expr {}

    record Unary(SourcePos pos, UnaryOp op, Expr operand) implements Expr {}

    record Binary(SourcePos pos, BinaryOp op, Expr left, Expr right) implements Expr {}

    record IfThenElse(SourcePos pos, Expr condition, Expr ifTrue, Expr ifFalse) implements Expr {}

    enum UnaryOp {
        NOT("!"), NEGATE("-"), PLUS("+");

        public final String symbol;

        UnaryOp(String symbol) {
            this.symbol = symbol;
        }
    }

    enum BinaryOp {
        OR("||"), AND("&&"),
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("**");

        public final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }
    }
}
