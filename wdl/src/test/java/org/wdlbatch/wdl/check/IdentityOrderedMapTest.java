package org.wdlbatch.wdl.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityOrderedMapTest {

    record Node(String name) {}

    @Test
    void keepsTheGivenOrderAndFindsKeysByIdentityOnly() {
        Node c = new Node("c");
        Node a = new Node("a");
        Node b = new Node("b");
        Map<Node, Integer> source = new LinkedHashMap<>();
        source.put(c, 1);
        source.put(a, 2);
        source.put(b, 3);
        Map<Node, Integer> m = IdentityOrderedMap.copyOf(source);

        assertThat(m.keySet()).containsExactly(c, a, b);
        assertThat(m.values()).containsExactly(1, 2, 3);
        assertThat(m.get(a)).isEqualTo(2);
        assertThat(m.containsKey(b)).isTrue();
        // an equal record that is not the instance the map was built from is a different node
        assertThat(m.get(new Node("a"))).isNull();
        assertThat(m.containsKey(new Node("b"))).isFalse();
        assertThatThrownBy(() -> m.put(new Node("d"), 4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.keySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    }
}
