package org.wdlbatch.engine.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** "did you mean" hints: the known names closest to a misspelt one by edit distance. */
public final class Suggestions {

    private Suggestions() {}

    /** The up to three nearest names within a reasonable distance, nearest first. */
    public static List<String> nearest(String name, Collection<String> known) {
        int limit = Math.max(2, name.length() / 3);
        return known.stream()
                .filter(k -> distance(name, k) <= limit)
                .sorted(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k))
                .limit(3)
                .collect(Collectors.toList());
    }

    /** {@code "; did you mean 'x'?"} or empty. */
    public static String didYouMean(String name, Collection<String> known) {
        List<String> near = nearest(name, known);
        if (near.isEmpty()) {
            return "";
        }
        return "; did you mean " + near.stream().map(k -> "'" + k + "'").collect(Collectors.joining(" or ")) + "?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
