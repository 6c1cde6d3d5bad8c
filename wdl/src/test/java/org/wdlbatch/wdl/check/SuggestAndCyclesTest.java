package org.wdlbatch.wdl.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.graph.CycleFinder;

class SuggestAndCyclesTest {

    @Test
    void nearestNamesMakeTheHint() {
        assertThat(Suggest.hint("in_bam", List.of("input_bam", "in_bams", "sample"), "inputs"))
                .isEqualTo("did you mean in_bams?");
        assertThat(Suggest.hint("zzz", List.of("b", "a"), "inputs")).isEqualTo("inputs: a, b");
        assertThat(Suggest.hint("x", List.of(), "inputs")).isNull();
    }

    @Test
    void cyclesAreFoundOnceEach() {
        Map<String, List<String>> g = Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a"),
                "d", List.of("d"), "e", List.of("a"));
        List<List<String>> cycles = CycleFinder.cycles(List.of("a", "b", "c", "d", "e"), g::get);
        assertThat(cycles).containsExactly(List.of("a", "b", "c", "a"), List.of("d", "d"));
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        int n = 200_000;
        List<Integer> nodes = java.util.stream.IntStream.range(0, n).boxed().toList();
        List<List<Integer>> cycles = CycleFinder.cycles(nodes, i -> i + 1 < n ? List.of(i + 1) : List.of(0));
        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0)).hasSize(n + 1);
    }
}
