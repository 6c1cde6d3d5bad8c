package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run configures Logback in code without Logback's start-up or pattern parser, and reads and writes its
 * JSON (inputs, outputs, the call cache, the attempt ledger, {@code read_json} and {@code write_json}) without
 * Jackson's ObjectMapper: building one loads about 600 classes and the JDK's locale table,
 * the largest single part of a local run's resident memory (docs/benchmarks.md, "wdlbatch run of 1,000 local calls:
 * peak RSS"). The JVM's class-loading log of a real run, twice (the second from the call cache), says which loaded.
 */
class RunClassFootprintTest {

    @Test
    void aLocalRunAndItsCacheHitsLoadNoObjectMapper(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                task emit {
                  input { Int i }
                  command <<< echo '{"i": ~{i}, "half": ~{i}.5}' > out.json >>>
                  output { Map[String, Float] m = read_json("out.json") }
                }
                task gather {
                  input { Array[Map[String, Float]] ms }
                  command <<< cp ~{write_json(ms)} all.json >>>
                  output { File all = "all.json" }
                }
                workflow wf {
                  input { Array[Int] n }
                  scatter (i in n) { call emit { input: i = i } }
                  call gather { input: ms = emit.m }
                  output { File all = gather.all }
                }
                """);
        Files.writeString(tmp.resolve("inputs.json"), "{\"wf.n\": [1, 2, 3]}");
        for (int round = 1; round <= 2; round++) {
            Path log = tmp.resolve("classes-" + round + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java,
                    "-Xshare:off", "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                    WdlbatchMain.class.getName(), "run", "wf.wdl", "-i", "inputs.json", "--dir", "runs"));
            Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("out-" + round + ".txt").toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(tmp.resolve("out-" + round + ".txt"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("\"wf.all\"");
            String classes = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(classes).as("round " + round).contains("org.wdlbatch.wdl.json.JsonText ")
                    .contains("org.wdlbatch.engine.report.LedgerJson ")
                    .contains("org.wdlbatch.engine.run.ConsoleLogProvider ")
                    .doesNotContain("ch.qos.logback.classic.util.ContextInitializer ")
                    .doesNotContain("ch.qos.logback.core.pattern.parser.")
                    .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ")
                    .doesNotContain("com.fasterxml.jackson.databind.ser.")
                    .doesNotContain("com.fasterxml.jackson.databind.deser.");
        }
        try (var entries = Files.walk(tmp.resolve("runs"))) {
            assertThat(entries.filter(f -> f.toString().contains("_CACHE") && f.toString().endsWith(".json")))
                    .as("the first run stored its calls, which the second read").isNotEmpty();
        }
    }
}
