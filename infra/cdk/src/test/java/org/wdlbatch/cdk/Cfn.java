package org.wdlbatch.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading a synthesized CloudFormation template in tests. */
final class Cfn {

    private Cfn() {}

    /**
     * Renders a value as text: literals as they are, {@code Ref X} as {@code ${X}}, {@code Fn::GetAtt [X, A]} as
     * {@code ${X.A}}, {@code Fn::Join} by joining. So {@code arn:${AWS::Partition}:s3:::bucket/*} reads like an ARN.
     */
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            Object ref = m.get("Ref");
            if (ref != null) {
                return "${" + ref + "}";
            }
            Object getAtt = m.get("Fn::GetAtt");
            if (getAtt instanceof List<?> l) {
                return "${" + l.get(0) + "." + l.get(1) + "}";
            }
            Object join = m.get("Fn::Join");
            if (join instanceof List<?> l) {
                StringBuilder sb = new StringBuilder();
                List<?> parts = (List<?>) l.get(1);
                for (int i = 0; i < parts.size(); i++) {
                    if (i > 0) {
                        sb.append(l.get(0));
                    }
                    sb.append(text(parts.get(i)));
                }
                return sb.toString();
            }
        }
        return String.valueOf(value);
    }

    /** A value that may be one item or a list (IAM Action, Resource), as texts. */
    static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof List<?> l) {
            l.forEach(v -> out.add(text(v)));
        } else {
            out.add(text(value));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    /** Follows a path of map keys. */
    static Object at(Object root, String... keys) {
        Object cur = root;
        for (String k : keys) {
            cur = cur == null ? null : map(cur).get(k);
        }
        return cur;
    }
}
