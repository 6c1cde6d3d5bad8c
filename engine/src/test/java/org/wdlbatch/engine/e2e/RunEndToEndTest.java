package org.wdlbatch.engine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.json.JsonText;

/** Whole workflows through the scheduler and the local backend, with real bash processes and real files. */
class RunEndToEndTest {

    @TempDir
    Path tmp;

    private static String json(Runner.Outcome o) {
        var n = JsonNodeFactory.instance.objectNode();
        o.outputs().forEach((k, v) -> n.set(k, ValueJson.toJson(v)));
        return n.toString();
    }

    @Test
    void scatterGatherRunsEveryItemAndGathersInOrder() throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path wdl = f.write("sg.wdl", """
                version 1.1
                task square {
                  input { Int n }
                  command <<< echo $(( ~{n} * ~{n} )) > sq.txt >>>
                  output { Int sq = read_int("sq.txt")  File file = "sq.txt" }
                }
                task total {
                  input { Array[Int] xs }
                  command <<< echo $(( ~{sep("+", xs)} )) >>>
                  output { Int sum = read_int(stdout()) }
                }
                workflow sg {
                  input { Array[Int] ns = [1, 2, 3, 4] }
                  scatter (n in ns) { call square { input: n = n } }
                  call total { input: xs = square.sq }
                  output { Array[Int] squares = square.sq  Int sum = total.sum  Array[File] files = square.file }
                }
                """);
        Runner.Outcome o = f.run(wdl);
        assertThat(o.failure()).isNull();
        JsonNode out = JsonText.read(json(o));
        assertThat(out.get("sg.squares").toString()).isEqualTo("[1,4,9,16]");
        assertThat(out.get("sg.sum").asInt()).isEqualTo(30);
        assertThat(out.get("sg.files")).hasSize(4);
        Path third = Path.of(out.get("sg.files").get(2).asText());
        assertThat(third).isAbsolute().hasContent("9").startsWith(o.runDir().path().resolve("call-square-2"));
        assertThat(o.runDir().path().resolve("out/files/2/sq.txt")).hasContent("9");
        assertThat(JsonText.read(o.runDir().outputsJson()).get("sg.sum").asInt()).isEqualTo(30);
        assertThat(Files.readString(o.runDir().path().resolve("call-total/command"))).isEqualTo("echo $(( 1+4+9+16 )) \n");
    }

    @Test
    void nestedScatterInsideAConditionalLiftsTypes() throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path wdl = f.write("nest.wdl", """
                version 1.0
                task echo_pair {
                  input { String a  String b }
                  command { echo "${a}-${b}" }
                  output { String s = read_string(stdout()) }
                }
                workflow nest {
                  input { Boolean go = true  Boolean skip = false }
                  if (go) {
                    scatter (a in ["x", "y"]) {
                      scatter (b in ["1", "2"]) {
                        call echo_pair { input: a = a, b = b }
                      }
                    }
                  }
                  if (skip) {
                    call echo_pair as never { input: a = "n", b = "o" }
                  }
                  output {
                    Array[Array[String]]? grid = echo_pair.s
                    String? skipped = never.s
                  }
                }
                """);
        Runner.Outcome o = f.run(wdl);
        assertThat(o.failure()).isNull();
        assertThat(json(o)).isEqualTo("{\"nest.grid\":[[\"x-1\",\"x-2\"],[\"y-1\",\"y-2\"]],\"nest.skipped\":null}");
        assertThat(o.runDir().path().resolve("call-echo_pair-1-0")).isDirectory();
        assertThat(o.runDir().path().resolve("call-never")).doesNotExist();
    }

    @Test
    void subworkflowFromAnImportedFileRunsInItsOwnFolder() throws Exception {
        RunFixture f = new RunFixture(tmp);
        f.write("lib/inner.wdl", """
                version 1.1
                task shout {
                  input { String word }
                  command <<< echo "~{word}" | tr a-z A-Z >>>
                  output { String loud = read_string(stdout()) }
                }
                workflow inner {
                  input { String word  String suffix = "!" }
                  call shout { input: word = word }
                  output { String result = shout.loud + suffix }
                }
                """);
        Path outer = f.write("outer.wdl", """
                version 1.1
                import "lib/inner.wdl" as lib
                workflow outer {
                  scatter (w in ["hi", "yo"]) {
                    call lib.inner { input: word = w }
                  }
                  output { Array[String] results = inner.result }
                }
                """);
        Runner.Outcome o = f.run(outer);
        assertThat(o.failure()).isNull();
        assertThat(json(o)).isEqualTo("{\"outer.results\":[\"HI!\",\"YO!\"]}");
        assertThat(o.runDir().path().resolve("call-inner-1/call-shout/stdout.txt")).hasContent("YO");
    }

    @Test
    void flakyTaskIsRetriedAndEachAttemptKeepsItsOwnFiles() throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path counter = tmp.resolve("attempts");
        Path wdl = f.write("flaky.wdl", """
                version 1.1
                task flaky {
                  input { String counter }
                  command <<<
                    n=$(( $(cat ~{counter} 2>/dev/null || echo 0) + 1 ))
                    echo $n > ~{counter}
                    echo "attempt $n" > message.txt
                    echo "attempt $n says hello"
                    echo "attempt $n complains" >&2
                    [ $n -ge 3 ]
                  >>>
                  output { File message = "message.txt"  String said = read_string(stdout()) }
                  runtime { maxRetries: 2 }
                }
                workflow w { call flaky { input: counter = "COUNTER" } output { File m = flaky.message  String s = flaky.said } }
                """.replace("COUNTER", counter.toString()));
        Runner.Outcome o = f.run(wdl);
        assertThat(o.failure()).isNull();
        Path dir = o.runDir().path().resolve("call-flaky");
        assertThat(Path.of(ValueJson.toJson(o.outputs().get("w.m")).asText())).hasContent("attempt 3");
        assertThat(o.outputs().get("w.s").toString()).contains("attempt 3 says hello");
        assertThat(dir.resolve("stdout.txt")).hasContent("attempt 3 says hello");
        assertThat(dir.resolve("stderr.txt")).hasContent("attempt 3 complains");
        assertThat(dir.resolve("attempt-1/stdout.txt")).hasContent("attempt 1 says hello");
        assertThat(dir.resolve("attempt-2/stderr.txt")).hasContent("attempt 2 complains");
        assertThat(dir.resolve("attempt-2/work/message.txt")).hasContent("attempt 2");
        assertThat(Files.readString(dir.resolve("task.log"))).contains("attempt 1 exited with status 1; retrying");
    }

    @Test
    void failingTaskWritesErrorJsonNamingCallStatusAndStderr() throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path wdl = f.write("fail.wdl", """
                version 1.1
                task maybe {
                  input { Int i }
                  command <<<
                    echo "working on ~{i}"
                    if [ ~{i} -eq 2 ]; then echo "item 2 is broken" >&2; exit 42; fi
                    sleep 0.2
                  >>>
                  output { String out = read_string(stdout()) }
                }
                workflow w { scatter (i in range(4)) { call maybe { input: i = i } } }
                """);
        Runner.Outcome o = f.run(wdl);
        assertThat(o.failure()).isNotNull();
        JsonNode err = JsonText.read(o.runDir().errorJson());
        assertThat(err.get("error").asText()).isEqualTo("CommandFailed");
        assertThat(err.get("call").asText()).isEqualTo("call-maybe-2");
        assertThat(err.get("exit_status").asInt()).isEqualTo(42);
        assertThat(Path.of(err.get("stderr_file").asText())).hasContent("item 2 is broken");
        assertThat(o.runDir().outputsJson()).doesNotExist();
    }

    @Test
    void secondRunReusesTheCallCacheForUnchangedCallsOnly() throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path log = tmp.resolve("ran.log");
        Path wdl = f.write("cache.wdl", """
                version 1.1
                task note {
                  input { String word  String log }
                  command <<< echo "~{word}" >> ~{log}; echo "~{word}" >>>
                  output { String w = read_string(stdout()) }
                }
                workflow c {
                  input { Array[String] words  String log }
                  scatter (w in words) { call note { input: word = w, log = log } }
                  output { Array[String] ws = note.w }
                }
                """);
        assertThat(f.run(wdl, "words=a", "words=b", "log=" + log).failure()).isNull();
        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("a", "b");
        Runner.Outcome second = f.run(wdl, "words=a", "words=b", "words=c", "log=" + log);
        assertThat(second.failure()).isNull();
        assertThat(json(second)).isEqualTo("{\"c.ws\":[\"a\",\"b\",\"c\"]}");
        assertThat(Files.readAllLines(log)).as("only the new call ran").containsExactlyInAnyOrder("a", "b", "c");
        assertThat(Files.readString(second.runDir().path().resolve("call-note-0/task.log"))).contains("call cache hit");

        Runner.Outcome noCache = f.run(wdl, null, Map.of("WDLBATCH__CALL_CACHE__GET", "false"),
                "words=a", "log=" + log);
        assertThat(noCache.failure()).isNull();
        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("a", "b", "c", "a");
    }

    @Test
    void aSingleTaskRunsWithDashDashTask() throws Exception {
        RunFixture f = new RunFixture(tmp);
        Path input = Files.writeString(tmp.resolve("reads.txt"), "r1\nr2\nr3\n");
        Path wdl = f.write("tasks.wdl", """
                version 1.1
                task count_lines {
                  input { File reads  Int extra = 0 }
                  command <<< echo $(( $(wc -l < ~{reads}) + ~{extra} )) >>>
                  output { Int n = read_int(stdout()) }
                }
                task other { command <<< exit 1 >>> }
                """);
        Runner.Outcome o = f.run(wdl, "count_lines", Map.of(), "reads=reads.txt", "extra=2");
        assertThat(o.failure()).isNull();
        assertThat(json(o)).isEqualTo("{\"count_lines.n\":5}");
        Path linked = o.runDir().path().resolve("call-count_lines/work/_inputs/0/reads.txt");
        assertThat(Files.isSymbolicLink(linked)).isTrue();
        assertThat(linked.toRealPath()).isEqualTo(input.toRealPath());
    }

    @Test
    void aScopeWhoseDeclarationsCompleteEachOtherReportsCompletionOnce() throws Exception {
        // s and files are ready at once; files completes bams, which completes the iteration while files is still
        // being reported done: the iteration must be counted once, or the scatter gathers too early.
        RunFixture f = new RunFixture(tmp);
        Path wdl = f.write("pairs.wdl", """
                version 1.1
                workflow pairs {
                  Map[String, Pair[String, String]] y = {"a": ("a.bam", "a.bai"), "b": ("b.bam", "b.bai")}
                  scatter (item in as_pairs(y)) {
                    String s = item.left
                    Pair[String, String] files = item.right
                    Pair[String, String] bams = (files.left, s)
                  }
                  output { Array[Pair[String, String]] out = bams }
                }
                """);
        Runner.Outcome o = f.run(wdl);
        assertThat(o.failure()).isNull();
        assertThat(json(o)).isEqualTo(
                "{\"pairs.out\":[{\"left\":\"a.bam\",\"right\":\"a\"},{\"left\":\"b.bam\",\"right\":\"b\"}]}");
    }
}
