package org.wdlbatch.orchestrator.workflowjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.ShippedWdl;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.KeyValuePair;

/**
 * Reading a shipped bundle back from a job in the emulator (env + job tags + tags of a deregistered job
 * definition), and refusing bundles whose entries could escape their folder.
 */
class ShippedBundleTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static BatchClient batch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void client() {
        batch = BatchClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    private static byte[] bundle(String main, String mainText) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("wdlbatch-bundle.json", "{\"format\": 1, \"main\": \"" + main + "\"}");
        entries.put(main, mainText);
        return zip(entries);
    }

    /** Submits a job carrying {@code zip} as submit_awsbatch ships it; returns the job's environment. */
    private Map<String, String> ship(byte[] zip) throws Exception {
        ShippedWdl.Parts parts = ShippedWdl.split(zip, 60, 1, 40);
        String defArn = batch.registerJobDefinition(r -> r.jobDefinitionName("shipped")
                .type(JobDefinitionType.CONTAINER).tags(parts.jobDefinitionTags())
                // the workflow queue is Fargate's: a Fargate definition, with the execution role Fargate needs
                .platformCapabilities(software.amazon.awssdk.services.batch.model.PlatformCapability.FARGATE)
                .containerProperties(c -> c.image("ubuntu").command("true")
                        .executionRoleArn("arn:aws:iam::123456789012:role/wdlbatch-workflow-engine")))
                .jobDefinitionArn();
        // the job runs `true`; only its description (environment, tags, job definition) matters here
        String jobId = batch.submitJob(r -> r.jobName("j").jobQueue(AwsNames.DEFAULT_WORKFLOW_QUEUE)
                .jobDefinition(defArn).tags(parts.jobTags())
                .containerOverrides(o -> o.environment(KeyValuePair.builder().name(ShippedWdl.ENV)
                        .value(parts.env()).build()))).jobId();
        batch.deregisterJobDefinition(r -> r.jobDefinition(defArn));
        return Map.of("AWS_BATCH_JOB_ID", jobId, ShippedWdl.ENV, parts.env());
    }

    @Test
    void readsTheBundleBackFromEnvironmentJobTagsAndAnInactiveJobDefinition() throws Exception {
        String text = "version 1.1\nworkflow w { output { String s = \"" + "x".repeat(3000) + "\" } }\n";
        byte[] zip = bundle("wf/main.wdl", text);
        Path file = ShippedBundle.materialize("shipped:main", ship(zip), batch, tmp);
        assertThat(file).isEqualTo(tmp.resolve("main.zip"));
        assertThat(Files.readAllBytes(file)).isEqualTo(zip);
    }

    @Test
    void entriesThatCouldEscapeTheFolderAreRejected() throws Exception {
        for (String evil : List.of("../evil.wdl", "wf/../../evil.wdl", "/etc/evil.wdl", "..\\evil.wdl")) {
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put("wdlbatch-bundle.json", "{\"format\": 1, \"main\": \"main.wdl\"}");
            entries.put("main.wdl", "version 1.1\nworkflow w {}\n");
            entries.put(evil, "version 1.1\n");
            Map<String, String> env = ship(zip(entries));
            assertThatThrownBy(() -> ShippedBundle.materialize("shipped:main", env, batch, tmp.resolve("out")))
                    .as(evil).isInstanceOf(IOException.class)
                    .hasMessageContaining("has an entry that escapes its folder: " + evil);
            assertThat(tmp.resolve("out")).doesNotExist();
        }
    }

    @Test
    void outsideAJobOrWithABadNameTheErrorSaysWhatToDo() {
        assertThatThrownBy(() -> ShippedBundle.materialize("shipped:main", Map.of(), batch, tmp))
                .hasMessageContaining("AWS_BATCH_JOB_ID is not set")
                .hasMessageContaining("give the WDL file or URL instead");
        assertThatThrownBy(() -> ShippedBundle.materialize("shipped:../x", Map.of("AWS_BATCH_JOB_ID", "1"), batch,
                tmp)).hasMessageContaining("the bundle name must be");
    }
}
