package org.wdlbatch.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** miniwdl's and miniwdl-aws's settings, from their files and MINIWDL__ variables, used unchanged. */
class MiniwdlConfigTest {

    @TempDir
    Path tmp;

    /** The settings part of miniwdl-aws's miniwdl_aws.cfg, as its users have it. */
    static final String MINIWDL_AWS_CFG = """
            [scheduler]
            container_backend = aws_batch_job
            call_concurrency = 80
            download_concurrency = 5

            [file_io]
            root = /mnt/efs

            [task_runtime]
            defaults = {
                    "docker": "ubuntu:20.04",
                    "preemptible": 2
                }
            download_defaults = {
                    "cpu": 2,
                    "memory": "1G",
                    "maxRetries": 2
                }

            [call_cache]
            dir = miniwdl_run/_CACHE/call
            get = true
            put = true

            [download_cache]
            dir = miniwdl_run/_CACHE/download
            get = true
            put = false
            flock = false

            [aws]
            job_timeout = 864000
            describe_period = 1
            submit_period = 1
            boto3_retries = {
                    "max_attempts": 5,
                    "mode": "standard"
                }
            retry_wait = 20
            container_sync = false
            gpu_value = 1
            container_properties = {
                }
            memory_delta = -33
            """;

    @Test
    void aMiniwdlAwsFileIsUsedUnchangedAndItsKeysWithoutEffectAreListedTogether() throws Exception {
        Path cfg = tmp.resolve("miniwdl_aws.cfg");
        Files.writeString(cfg, MINIWDL_AWS_CFG);
        Config c = Config.builder().file(cfg, true).build();
        assertThat(c.integer("scheduler", "call_concurrency")).isEqualTo(80);
        assertThat(c.string("file_io", "root")).isEqualTo("/mnt/efs");
        assertThat(c.json("task_runtime", "defaults").get("preemptible").asInt()).isEqualTo(2);
        assertThat(c.longValue("aws", "job_timeout")).isEqualTo(864000);
        assertThat(c.decimal("aws", "retry_wait")).isEqualTo(20.0);
        assertThat(c.integer("aws", "memory_delta")).isEqualTo(-33);
        // [download_cache] get is our [download] reuse
        assertThat(c.bool("download", "reuse")).isTrue();
        assertThat(c.entry("download", "reuse").origin()).isEqualTo(cfg + ":27: [download_cache] get (miniwdl)");
        assertThat(c.withoutEffect()).hasSize(9).allMatch(line -> line.startsWith(cfg + ":"));
        assertThat(String.join("\n", c.withoutEffect()))
                .contains("[scheduler] container_backend (tasks run on AWS Batch")
                .contains("[scheduler] download_concurrency").contains("[task_runtime] download_defaults")
                .contains("[call_cache] dir").contains("[download_cache] dir").contains("[download_cache] put")
                .contains("[download_cache] flock").contains("[aws] submit_period").contains("[aws] boto3_retries");
    }

    @Test
    void miniwdlVariablesAreTranslatedAndOursWinOverThem() {
        Config c = Config.builder().environment(Map.of(
                "MINIWDL__SCHEDULER__TASK_CONCURRENCY", "6",
                "MINIWDL__AWS__TASK_QUEUE", "spot-q",
                "MINIWDL__AWS__FSAP", "fsap-0123",
                "MINIWDL__AWS__S3_UPLOAD_FOLDER", "s3://b/runs/",
                "MINIWDL__AWS__S3_UPLOAD_DELETE_AFTER", "true",
                "MINIWDL__SCHEDULER__CONTAINER_BACKEND", "podman",
                "WDLBATCH__AWS__TASK_QUEUE", "mine")).build();
        assertThat(c.integer("scheduler", "call_concurrency")).isEqualTo(6);
        assertThat(c.string("aws", "task_queue")).isEqualTo("mine");
        assertThat(c.string("aws", "fsap")).isEqualTo("fsap-0123");
        assertThat(c.string("aws", "s3upload")).isEqualTo("s3://b/runs/");
        assertThat(c.string("aws", "delete_after")).isEqualTo("success");
        assertThat(c.string("task_runtime", "container_backend")).isEqualTo("podman");
        assertThat(c.translated()).anyMatch(t -> t.equals(
                "env MINIWDL__SCHEDULER__TASK_CONCURRENCY: [scheduler] task_concurrency -> [scheduler]"
                        + " call_concurrency = 6"));
        assertThat(c.withoutEffect()).isEmpty();
    }

    @Test
    void aKeyNeitherWeNorMiniwdlKnowIsStillAnErrorWithASuggestion() {
        assertThatThrownBy(() -> Config.builder().environment(Map.of("MINIWDL__SCHEDULER__CALL_CONCURENCY", "3"))
                .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("env MINIWDL__SCHEDULER__CALL_CONCURENCY: unknown key 'call_concurency'")
                .hasMessageContaining("call_concurrency");
    }

    @Test
    void miniwdlSectionsWithoutEquivalentAreAcceptedWhole() {
        MiniwdlSettings.Meaning m = MiniwdlSettings.meaning("docker_swarm", "auto_init", "true").orElseThrow();
        assertThat(m).isInstanceOf(MiniwdlSettings.NoEffect.class);
        assertThat(MiniwdlSettings.meaning("scheduler", "container_backend", "singularity").orElseThrow())
                .isEqualTo(new MiniwdlSettings.NoEffect("container backend 'singularity' is not supported (host,"
                        + " docker or podman)"));
        assertThat(MiniwdlSettings.meaning("scheduler", "no_such_key", "1")).isEmpty();
    }
}
