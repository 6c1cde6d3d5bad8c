package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * miniwdl's task flags on {@code submit_awsbatch}: passed to the workflow job's {@code wdlbatch run}, with
 * {@code --env KEY} resolved on this machine (the workflow job's environment is not the caller's), bad names and
 * {@code --as-me} refused before anything is submitted; {@code -p/--path} finds imports on this machine and
 * the shipped bundle needs no folder.
 */
class SubmitTaskFlagsTest {

    static final String FAKE = Path.of("src/test/resources/fake-wdlbatch.sh").toAbsolutePath().toString();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.runner.orchestratorCommand =
            List.of("bash", FAKE));

    static BatchClient batch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clients() {
        batch = SubmitCli.batch(AWS.emulator());
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    private SubmitCli cli() {
        return SubmitCli.onEmulatorEfs(AWS.emulator());
    }

    private Path hello() throws Exception {
        return Files.writeString(tmp.resolve("hello.wdl"), "version 1.1\nworkflow hello {\n  input {\n"
                + "    Int exit = 0\n    Int lines = 0\n  }\n  output {\n    String s = \"hi\"\n  }\n}\n");
    }

    @Test
    void taskFlagsReachTheWorkflowJobWithEnvResolvedHere() throws Exception {
        SubmitCli.Result r = cli().env("TOKEN_FROM_HERE", "s3cr3t").run(hello().toString(), "--env", "GREETING=hi",
                "--env", "TOKEN_FROM_HERE", "--env", "NOT_SET_HERE_42", "--runtime-cpu-max", "4",
                "--runtime-memory-max", "16G", "--copy-input-files-for", "align");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> command = batch.describeJobs(b -> b.jobs(r.jobId())).jobs().get(0).container().command();
        assertThat(command).containsSubsequence("--env", "GREETING=hi", "--env", "TOKEN_FROM_HERE=s3cr3t",
                "--runtime-cpu-max", "4", "--runtime-memory-max", "16G", "--copy-input-files-for", "align");
        assertThat(String.join(" ", command)).doesNotContain("NOT_SET_HERE_42");
    }

    @Test
    void pathFindsImportsHereAndTheShippedBundleNeedsNoPath() throws Exception {
        Path main = Files.createDirectories(tmp.resolve("pipelines")).resolve("main.wdl");
        Files.writeString(main, "version 1.1\nimport \"shared/lib.wdl\" as lib\nworkflow main {\n"
                + "  input {\n    Int exit = 0\n    Int lines = 0\n  }\n  call lib.hello\n}\n");
        Path lib = Files.createDirectories(tmp.resolve("library/shared")).resolve("lib.wdl");
        Files.writeString(lib, "version 1.1\ntask hello {\n  command <<< echo hi >>>\n}\n");
        SubmitCli.Result without = cli().run(main.toString());
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).contains("cannot import \"shared/lib.wdl\"", "nothing was submitted");

        SubmitCli.Result r = cli().run(main.toString(), "-p", tmp.resolve("library").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        var job = batch.describeJobs(b -> b.jobs(r.jobId())).jobs().get(0);
        assertThat(job.container().command()).doesNotContain("-p", "--path", tmp.resolve("library").toString());
        java.util.Map<String, String> env = new java.util.HashMap<>();
        job.container().environment().forEach(kv -> env.put(kv.name(), kv.value()));
        var def = batch.describeJobDefinitions(b -> b.jobDefinitions(job.jobDefinition())).jobDefinitions().get(0);
        Path shipped = Files.write(tmp.resolve("shipped.zip"),
                org.wdlbatch.aws.ShippedWdl.join(env.get(org.wdlbatch.aws.ShippedWdl.ENV), job.tags(), def.tags()));
        // what the workflow job reads: the bundle alone, without the folder
        assertThat(new org.wdlbatch.wdl.check.Frontend().check(shipped.toString())).isNotNull();
    }

    @Test
    void asMeAndReservedNamesAreRefusedBeforeSubmitting() throws Exception {
        SubmitCli.Result asMe = cli().run(hello().toString(), "--as-me");
        assertThat(asMe.exit()).isEqualTo(2);
        assertThat(asMe.err()).contains("--as-me", "container_properties", "nothing was submitted");
        SubmitCli.Result reserved = cli().run(hello().toString(), "--env", "AWS_BATCH_CE_NAME=x");
        assertThat(reserved.exit()).isEqualTo(2);
        assertThat(reserved.err()).contains("AWS Batch reserves", "nothing was submitted");
    }
}
