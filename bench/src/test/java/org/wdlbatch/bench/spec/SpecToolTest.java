package org.wdlbatch.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec conformance tool itself: extraction from markdown and running examples, on hand-written examples. */
class SpecToolTest {

    private static final String MARKDOWN = String.join("\n",
            "Some text.",
            "<details>",
            "  <summary>",
            "  Example: scatter_if.wdl",
            "  ",
            "  ```wdl",
            "  version 1.1",
            "  struct Sample {",
            "    String name",
            "    Int reads",
            "  }",
            "  workflow scatter_if {",
            "    input {",
            "      Array[Int] xs = [1, 2, 3]",
            "      Boolean go",
            "    }",
            "    scatter (x in xs) {",
            "      Int sq = x * x",
            "      if (x > 1) {",
            "        String big = \"big~{x}\"",
            "      }",
            "    }",
            "    if (go) {",
            "      Int total = length(sq)",
            "    }",
            "    output {",
            "      Array[Int] squares = sq",
            "      Array[String?] bigs = big",
            "      Int? t = total",
            "      Sample s = Sample { name: \"a\", reads: sq[2] }",
            "    }",
            "  }",
            "  ```",
            "  </summary>",
            "  <p>",
            "  Example input:",
            "  ",
            "  ```json",
            "  {\"scatter_if.go\": true}",
            "  ```",
            "  ",
            "  Example output:",
            "  ",
            "  ```json",
            "  {",
            "    \"scatter_if.squares\": [1, 4, 9],",
            "    \"scatter_if.bigs\": [null, \"big2\", \"big3\"],",
            "    \"scatter_if.t\": 3,",
            "    \"scatter_if.s\": {\"name\": \"a\", \"reads\": 9}",
            "  }",
            "  ```",
            "  </p>",
            "</details>",
            "",
            "<details>",
            "<summary>",
            "Example: index_fail.wdl",
            "",
            "```wdl",
            "version 1.1",
            "workflow index_fail {",
            "  Array[Int] empty = []",
            "  Int x = empty[0]",
            "}",
            "```",
            "</summary>",
            "<p>",
            "Example input:",
            "",
            "```json",
            "{}",
            "```",
            "",
            "Test config:",
            "",
            "```json",
            "{\"fail\": true}",
            "```",
            "</p>",
            "</details>",
            "",
            "<details>",
            "<summary>",
            "Example: with_call.wdl",
            "",
            "```wdl",
            "version 1.1",
            "task t { command <<< echo hi >>> output { String s = read_string(stdout()) } }",
            "workflow with_call { call t }",
            "```",
            "</summary>",
            "</details>");

    @Test
    void extractsExamplesWithTheirJsonBlocks() {
        List<SpecExample> examples = SpecExampleExtractor.extract(MARKDOWN);
        assertThat(examples).extracting(SpecExample::name).containsExactly("scatter_if", "index_fail", "with_call");
        SpecExample first = examples.get(0);
        assertThat(first.wdl()).startsWith("version 1.1\nstruct Sample {\n  String name\n");
        assertThat(first.input()).contains("\"scatter_if.go\": true");
        assertThat(first.output()).contains("\"scatter_if.t\": 3");
        assertThat(first.config()).isNull();
        assertThat(examples.get(1).config()).contains("\"fail\": true");
    }

    @Test
    void runsWorkflowsWithScatterConditionalsAndStructs() {
        List<SpecExample> examples = SpecExampleExtractor.extract(MARKDOWN);
        for (boolean typecheck : new boolean[] {true, false}) {
            SpecExamples.Result r = SpecExamples.run(examples.get(0), null, typecheck);
            assertThat(r.outcome()).as(r.detail()).isEqualTo(SpecExamples.Outcome.PASS);
        }
    }

    @Test
    void expectedFailuresAndSkips() {
        List<SpecExample> examples = SpecExampleExtractor.extract(MARKDOWN);
        SpecExamples.Result fail = SpecExamples.run(examples.get(1), null, true);
        assertThat(fail.outcome()).isEqualTo(SpecExamples.Outcome.PASS);
        assertThat(fail.detail()).contains("index 0 out of range");
        SpecExamples.Result call = SpecExamples.run(examples.get(2), null, false);
        assertThat(call.outcome()).isEqualTo(SpecExamples.Outcome.SKIP);
        assertThat(call.detail()).isEqualTo("calls t");
    }

    @Test
    void wrongOutputsFail() {
        SpecExample wrong = new SpecExample("w", 1, "version 1.1\nworkflow w { output { Int x = 1 + 1 } }\n",
                "{}", "{\"w.x\": 3}", null);
        SpecExamples.Result r = SpecExamples.run(wrong, null, true);
        assertThat(r.outcome()).isEqualTo(SpecExamples.Outcome.FAIL);
        assertThat(r.detail()).isEqualTo("w.x: expected 3, got 2");
    }
}
