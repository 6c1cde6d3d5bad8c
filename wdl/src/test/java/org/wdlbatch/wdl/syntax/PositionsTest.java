package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.source.SourcePos;

/** Every node carries the file name as given and the line:column where it starts. */
class PositionsTest {

    private static final String DOC = String.join("\n",
            "\uFEFFversion 1.1",                                   // 1 (byte-order mark skipped)
            "import \"lib.wdl\" as lib",                           // 2
            "struct S {",                                          // 3
            "  Int a",                                             // 4
            "}",                                                   // 5
            "task t {",                                            // 6
            "  input {",                                           // 7
            "    String s = \"x~{1 + 2}\"",                        // 8
            "  }",                                                 // 9
            "  command <<<",                                       // 10
            "    echo ~{s}",                                       // 11
            "  >>>",                                               // 12
            "}",                                                   // 13
            "workflow w {",                                        // 14
            "  scatter (i in [1, 2]) {",                           // 15
            "    call t as t2 { input: s = \"~{i}\" }",            // 16
            "  }",                                                 // 17
            "  if (true) { Int y = 1 }",                           // 18
            "}",                                                   // 19
            "");

    private static String at(SourcePos p) {
        return p.file() + ":" + p.line() + ":" + p.column();
    }

    @Test
    void nodesPointAtTheirFirstCharacter() {
        Document d = Parser.parseDocument(DOC, "dir/pos.wdl");
        assertThat(at(d.imports().get(0).pos())).isEqualTo("dir/pos.wdl:2:1");
        assertThat(at(d.structs().get(0).pos())).isEqualTo("dir/pos.wdl:3:1");
        assertThat(at(d.structs().get(0).members().get(0).pos())).isEqualTo("dir/pos.wdl:4:3");
        TaskDef t = d.tasks().get(0);
        assertThat(at(t.pos())).isEqualTo("dir/pos.wdl:6:1");
        Declaration s = t.inputs().get(0);
        assertThat(at(s.pos())).isEqualTo("dir/pos.wdl:8:5");
        Expr.StringLit lit = (Expr.StringLit) s.expr();
        assertThat(at(lit.pos())).isEqualTo("dir/pos.wdl:8:16");
        StringPart.Placeholder ph = (StringPart.Placeholder) lit.parts().get(1);
        assertThat(at(ph.pos())).isEqualTo("dir/pos.wdl:8:18");
        assertThat(at(ph.expr().pos())).isEqualTo("dir/pos.wdl:8:20");
        assertThat(at(((Expr.Binary) ph.expr()).right().pos())).isEqualTo("dir/pos.wdl:8:24");
        assertThat(at(t.command().pos())).isEqualTo("dir/pos.wdl:10:3");
        StringPart.Placeholder cph = (StringPart.Placeholder) t.command().parts().get(1);
        assertThat(at(cph.pos())).isEqualTo("dir/pos.wdl:11:10");
        assertThat(at(cph.expr().pos())).isEqualTo("dir/pos.wdl:11:12");
        assertThat(at(d.workflow().pos())).isEqualTo("dir/pos.wdl:14:1");
        WorkflowElement.Scatter sc = (WorkflowElement.Scatter) d.workflow().body().get(0);
        assertThat(at(sc.pos())).isEqualTo("dir/pos.wdl:15:3");
        assertThat(at(sc.collection().pos())).isEqualTo("dir/pos.wdl:15:17");
        WorkflowElement.Call call = (WorkflowElement.Call) sc.body().get(0);
        assertThat(at(call.pos())).isEqualTo("dir/pos.wdl:16:5");
        assertThat(at(call.inputs().get(0).pos())).isEqualTo("dir/pos.wdl:16:27");
        Expr.StringLit arg = (Expr.StringLit) call.inputs().get(0).value();
        assertThat(at(((StringPart.Placeholder) arg.parts().get(0)).expr().pos())).isEqualTo("dir/pos.wdl:16:34");
        WorkflowElement.Conditional c = (WorkflowElement.Conditional) d.workflow().body().get(1);
        assertThat(at(c.pos())).isEqualTo("dir/pos.wdl:18:3");
        assertThat(at(c.body().get(0).pos())).isEqualTo("dir/pos.wdl:18:15");
    }
}
