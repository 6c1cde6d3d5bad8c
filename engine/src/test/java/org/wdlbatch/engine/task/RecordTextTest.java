package org.wdlbatch.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.syntax.Parser;

/**
 * {@link RecordText} gives each record's own {@code toString}: call-cache keys hash it ({@link TaskDigests}), so a
 * difference would make every cached call miss (or, worse, two tasks share a key).
 */
class RecordTextTest {

    record Leaf(String name, int n, double x, char c, Optional<String> maybe) {}

    record Custom(String name) {
        @Override
        public String toString() {
            return "custom " + name;
        }
    }

    record Tree(List<Leaf> leaves, Map<String, Object> named, Custom custom, Object nothing, int[] ints) {}

    @Test
    void theTextOfRecordsCollectionsAndTheirOwnToStrings() {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("a", new Leaf("x", 1, 2.5, 'q', Optional.of("y")));
        named.put("b", List.of(Map.of("k", new Custom("c")), Optional.empty()));
        Tree t = new Tree(List.of(new Leaf("p", -3, 1e-9, ' ', Optional.empty())), named, new Custom("z"), null,
                null);
        assertThat(RecordText.of(t)).isEqualTo(t.toString());
    }

    @Test
    void everyTaskAndDocumentOfTheCorporaReadsAsItsToString() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(".."))) { // every WDL file of the repository
            files = s.filter(p -> p.toString().endsWith(".wdl") && !p.toString().contains("/target/")
                    && !p.toString().contains("/.git/")).sorted().toList();
        }
        int tasks = 0;
        for (Path f : files) {
            Document d;
            try {
                d = Parser.parseDocument(Files.readString(f), f.toString());
            } catch (RuntimeException e) {
                continue; // files that are there to fail parsing
            }
            assertThat(RecordText.of(d)).as(f.toString()).isEqualTo(d.toString());
            for (TaskDef t : d.tasks()) {
                assertThat(RecordText.of(t)).as(f + " " + t.name()).isEqualTo(t.toString());
                tasks++;
            }
        }
        assertThat(tasks).as("tasks compared (the corpora were found)").isGreaterThan(25);
    }
}
