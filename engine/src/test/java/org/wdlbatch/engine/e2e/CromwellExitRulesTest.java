package org.wdlbatch.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.Runner;

/** Cromwell's failOnStderr and continueOnReturnCode, with real processes on the local backend. */
class CromwellExitRulesTest {

    @TempDir
    Path tmp;

    private Runner.Outcome run(String runtime, String command, Path counter) throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path wdl = f.write("t" + Math.abs((runtime + command).hashCode()) + ".wdl", """
                version 1.0
                task t {
                  command <<< n=$(cat COUNTER 2>/dev/null || echo 0); echo $((n + 1)) > COUNTER; COMMAND >>>
                  runtime { RUNTIME }
                  output { String said = read_string(stdout()) }
                }
                workflow w { call t  output { String said = t.said } }
                """.replace("RUNTIME", runtime).replace("COMMAND", command).replace("COUNTER", counter.toString()));
        return f.run(wdl);
    }

    @Test
    void failOnStderrFailsASuccessfulCommandThatWroteToStderrWithoutRetrying() throws Exception {
        Path counter = tmp.resolve("count-a");
        Runner.Outcome o = run("failOnStderr: true  maxRetries: 2", "echo out; echo warning >&2", counter);
        assertThat(o.failure()).isNotNull();
        assertThat(o.failure().kind()).isEqualTo("CommandFailed");
        assertThat(o.failure().message()).contains("exited with status 0 but wrote 8 bytes to stderr")
                .contains("failOnStderr");
        assertThat(o.failure().exitStatus()).isEqualTo(0);
        assertThat(counter).hasContent("1"); // ran once: maxRetries does not pay for it
        Path call = o.runDir().path().resolve("call-t");
        assertThat(Files.readString(call.resolve("task.log"))).doesNotContain("no effect");

        // the same command without stderr output succeeds; without failOnStderr stderr does not matter
        assertThat(run("failOnStderr: true", "echo out", tmp.resolve("count-b")).failure()).isNull();
        assertThat(run("failOnStderr: false", "echo out; echo warning >&2", tmp.resolve("count-c")).failure())
                .isNull();
    }

    @Test
    void continueOnReturnCodeNamesTheStatusesThatSucceed() throws Exception {
        Runner.Outcome any = run("continueOnReturnCode: true", "echo out; exit 7", tmp.resolve("c1"));
        assertThat(any.failure()).isNull();
        assertThat(any.outputs().get("w.said").toString()).contains("out");
        assertThat(run("continueOnReturnCode: [0, 3]", "echo out; exit 3", tmp.resolve("c2")).failure()).isNull();
        assertThat(run("continueOnReturnCode: 3", "echo out; exit 3", tmp.resolve("c3")).failure()).isNull();
        // an Int names the one status that succeeds, as in Cromwell: 0 then fails
        Runner.Outcome zero = run("continueOnReturnCode: 3", "echo out", tmp.resolve("c4"));
        assertThat(zero.failure()).isNotNull();
        assertThat(zero.failure().exitStatus()).isEqualTo(0);
        Runner.Outcome no = run("continueOnReturnCode: false", "echo out; exit 3", tmp.resolve("c5"));
        assertThat(no.failure()).isNotNull();
        assertThat(no.failure().exitStatus()).isEqualTo(3);
        // a status outside the list fails and maxRetries retries it (a command failure, not a stderr one)
        Path counter = tmp.resolve("c6");
        Runner.Outcome retried = run("continueOnReturnCode: [0, 3]  maxRetries: 1", "exit 4", counter);
        assertThat(retried.failure().exitStatus()).isEqualTo(4);
        assertThat(counter).hasContent("2");
    }
}
