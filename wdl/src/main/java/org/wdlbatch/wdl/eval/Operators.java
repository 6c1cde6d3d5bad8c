package org.wdlbatch.wdl.eval;

import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.FloatValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.NullValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

/**
 * Binary operators with the spec's rules: short-circuit {@code &&}/{@code ||}; {@code ==}/{@code !=} on any values
 * (None equals only None); ordering on numbers, strings and booleans; arithmetic on Int and Float (Int op Int stays
 * Int, integer division truncates, {@code **} from 1.2); {@code +} on strings and files, and with a None operand
 * inside a placeholder yields None (which renders as the empty string).
 */
final class Operators {

    private Operators() {}

    static Value binary(Expr.Binary b, Evaluator ev, Environment env, boolean ph) {
        Expr.BinaryOp op = b.op();
        if (op == Expr.BinaryOp.AND || op == Expr.BinaryOp.OR) {
            boolean l = bool(ev.evalOperand(b.left(), env, ph), b, "left");
            if (op == Expr.BinaryOp.AND ? !l : l) {
                return BooleanValue.of(l);
            }
            return BooleanValue.of(bool(ev.evalOperand(b.right(), env, ph), b, "right"));
        }
        Value l = ev.evalOperand(b.left(), env, ph);
        Value r = ev.evalOperand(b.right(), env, ph);
        switch (op) {
            case EQ:
                return BooleanValue.of(Values.wdlEquals(l, r));
            case NE:
                return BooleanValue.of(!Values.wdlEquals(l, r));
            case LT:
            case LE:
            case GT:
            case GE:
                return compare(op, l, r, b);
            case ADD:
                return add(l, r, b, ph);
            case POW:
                if (!ev.version().atLeast(Version.V1_2)) {
                    throw new EvalException(b.pos(), "the ** operator needs WDL 1.2");
                }
                return arithmetic(op, l, r, b);
            default:
                return arithmetic(op, l, r, b);
        }
    }

    private static boolean bool(Value v, Expr.Binary b, String side) {
        if (v instanceof BooleanValue bv) {
            return bv.value();
        }
        throw new EvalException(b.pos(), "the " + side + " operand of " + b.op().symbol + " must be a Boolean, got "
                + Values.describe(v), v instanceof NullValue, null);
    }

    private static Value compare(Expr.BinaryOp op, Value l, Value r, Expr.Binary b) {
        if (l instanceof NullValue || r instanceof NullValue) {
            throw noneOperand(b);
        }
        Integer c = Values.compare(l, r);
        if (c == null) {
            throw new EvalException(b.pos(), "cannot compare " + Values.describe(l) + " " + op.symbol + " "
                    + Values.describe(r));
        }
        return BooleanValue.of(switch (op) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
        });
    }

    private static EvalException noneOperand(Expr.Binary b) {
        return new EvalException(b.pos(), "an operand of " + b.op().symbol + " is None", true, null);
    }

    private static Value add(Value l, Value r, Expr.Binary b, boolean ph) {
        if (l instanceof NullValue || r instanceof NullValue) {
            if (ph) {
                return Value.NONE; // concatenation of optionals inside a placeholder
            }
            throw noneOperand(b);
        }
        if (Values.isNumber(l) && Values.isNumber(r)) {
            return arithmetic(Expr.BinaryOp.ADD, l, r, b);
        }
        boolean lText = Values.isText(l);
        boolean rText = Values.isText(r);
        if ((lText || rText) && Values.isPrimitive(l) && Values.isPrimitive(r)) {
            String s = Values.interpolationString(l) + Values.interpolationString(r);
            if (l instanceof FileValue || r instanceof FileValue && l instanceof StringValue) {
                return new FileValue(s);
            }
            if (l instanceof DirectoryValue) {
                return new DirectoryValue(s);
            }
            return new StringValue(s);
        }
        throw new EvalException(b.pos(), "operator + does not apply to " + Values.describe(l) + " and "
                + Values.describe(r));
    }

    private static Value arithmetic(Expr.BinaryOp op, Value l, Value r, Expr.Binary b) {
        if (l instanceof NullValue || r instanceof NullValue) {
            throw noneOperand(b);
        }
        if (!Values.isNumber(l) || !Values.isNumber(r)) {
            throw new EvalException(b.pos(), "operator " + op.symbol + " needs numbers, got " + Values.describe(l)
                    + " and " + Values.describe(r));
        }
        if (l instanceof IntValue li && r instanceof IntValue ri) {
            long x = li.value();
            long y = ri.value();
            try {
                return new IntValue(switch (op) {
                    case ADD -> Math.addExact(x, y);
                    case SUB -> Math.subtractExact(x, y);
                    case MUL -> Math.multiplyExact(x, y);
                    case DIV -> {
                        if (y == 0) {
                            throw new EvalException(b.pos(), "division by zero");
                        }
                        yield x / y;
                    }
                    case MOD -> {
                        if (y == 0) {
                            throw new EvalException(b.pos(), "remainder of division by zero");
                        }
                        yield x % y;
                    }
                    case POW -> {
                        if (y < 0) {
                            throw new EvalException(b.pos(), "Int ** negative Int: use a Float exponent");
                        }
                        yield pow(x, y);
                    }
                    default -> throw new IllegalStateException(op.toString());
                });
            } catch (ArithmeticException e) {
                throw new EvalException(b.pos(), "Int overflow in " + x + " " + op.symbol + " " + y);
            }
        }
        double x = Values.toDouble(l);
        double y = Values.toDouble(r);
        if ((op == Expr.BinaryOp.DIV || op == Expr.BinaryOp.MOD) && y == 0) {
            throw new EvalException(b.pos(), "division by zero");
        }
        return new FloatValue(switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MOD -> x % y;
            case POW -> Math.pow(x, y);
            default -> throw new IllegalStateException(op.toString());
        });
    }

    private static long pow(long base, long exp) {
        long result = 1;
        long b = base;
        long e = exp;
        while (e > 0) {
            if ((e & 1) == 1) {
                result = Math.multiplyExact(result, b);
            }
            e >>= 1;
            if (e > 0) {
                b = Math.multiplyExact(b, b);
            }
        }
        return result;
    }
}
