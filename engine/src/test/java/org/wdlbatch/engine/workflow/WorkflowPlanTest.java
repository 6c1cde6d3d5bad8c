package org.wdlbatch.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.syntax.Parser;

class WorkflowPlanTest {

    private static WorkflowPlan plan(String wdl) {
        Document doc = Parser.parseDocument(wdl, "wf.wdl");
        return WorkflowPlan.of(doc.workflow());
    }

    /** "id <- dep1,dep2" for every node of a scope. */
    private static List<String> wiring(PlanNode.Scope scope) {
        return scope.nodes().stream()
                .map(n -> n.id() + " <- " + Arrays.stream(n.dependencies())
                        .mapToObj(i -> scope.nodes().get(i).id()).collect(Collectors.joining(",")))
                .toList();
    }

    @Test
    void dependenciesFollowReferencedNamesAndSectionsHoistOuterReads() {
        WorkflowPlan p = plan("""
                version 1.1
                task t { input { Int x = 0 } command {} output { Int y = x } }
                workflow wf {
                  input { Array[Int] xs  Int k = 2 }
                  call t as first
                  scatter (x in xs) {
                    Int doubled = x * k
                    call t { input: x = doubled + first.y }
                    if (doubled > 2) {
                      call t as big { input: x = t.y }
                    }
                  }
                  call t as last { input: x = length(doubled) }
                  call t as after_first after first
                }
                """);
        assertThat(wiring(p.top())).containsExactly(
                "decl-xs <- ",
                "decl-k <- ",
                "call-first <- ",
                "scatter-L6 <- decl-xs,decl-k,call-first",
                "call-last <- scatter-L6",
                "call-after_first <- call-first");
        PlanNode.Scatter scatter = (PlanNode.Scatter) p.top().nodes().get(3);
        assertThat(scatter.defines()).containsExactlyInAnyOrder("doubled", "t", "big");
        assertThat(wiring(scatter.body())).containsExactly(
                "decl-doubled <- ",
                "call-t <- decl-doubled",
                "if-L9 <- decl-doubled,call-t");
        assertThat(scatter.body().outerNames()).containsExactlyInAnyOrder("x", "k", "first");
    }

    @Test
    void cyclesAreRejectedWithTheirPath() {
        assertThatThrownBy(() -> plan("""
                version 1.0
                workflow wf {
                  Int a = b + 1
                  Int b = a + 1
                }
                """))
                .isInstanceOf(WdlException.class)
                .hasMessage("wf.wdl:3:3: error: dependency cycle: decl-a -> decl-b -> decl-a");
    }
}
