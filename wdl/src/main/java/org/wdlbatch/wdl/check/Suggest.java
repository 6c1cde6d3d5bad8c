package org.wdlbatch.wdl.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * "Did you mean" hints: the valid names closest to a misspelt one (edit distance). Used for WDL names here and by
 * the engine for input keys and configuration keys.
 */
public final class Suggest {

    private Suggest() {}

    /** A hint naming the nearest candidates, or listing the valid names when none is near; null when none exist. */
    public static String hint(String wrong, Collection<String> candidates, String what) {
        if (candidates.isEmpty()) {
            return null;
        }
        List<String> near = nearest(wrong, candidates);
        if (!near.isEmpty()) {
            return "did you mean " + String.join(" or ", near) + "?";
        }
        List<String> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.naturalOrder());
        if (sorted.size() > 12) {
            sorted = new ArrayList<>(sorted.subList(0, 12));
            sorted.add("...");
        }
        return what + ": " + String.join(", ", sorted);
    }

    /** The nearest candidates (at most three, equally near), or none when nothing is near enough. */
    public static List<String> nearest(String wrong, Collection<String> candidates) {
        int limit = wrong.length() <= 3 ? 1 : Math.max(2, wrong.length() / 3);
        int best = Integer.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            int d = distance(wrong.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d > limit) {
                continue;
            }
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best && out.size() < 3) {
                out.add(c);
            }
        }
        return out;
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
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
