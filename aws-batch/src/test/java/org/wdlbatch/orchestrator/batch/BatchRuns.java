package org.wdlbatch.orchestrator.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.wdlbatch.emulator.AwsEmulator;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.config.Config;

/** Runs workflows in this JVM with the aws-batch backend against an in-process emulator (tasks are real bash). */
final class BatchRuns {

    private BatchRuns() {}

    static Config.Builder config(AwsEmulator aws, Map<String, String> aws_) {
        Config.Builder b = Config.builder()
                .set("file_io", "root", aws.efsFolder().toString(), "test")
                .set("aws", "task_queue", "wdl-tasks", "test")
                .set("aws", "task_queue_fallback", "wdl-tasks-ondemand", "test")
                .set("aws", "fsap", "fsap-0e1a2b3c4d5e6f701", "test")
                .set("aws", "describe_period", "0.05", "test")
                .set("aws", "array_window_ms", "100", "test")
                .set("call_cache", "get", "false", "test")
                .set("call_cache", "put", "false", "test");
        aws_.forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot > 0) {
                b.set(k.substring(0, dot), k.substring(dot + 1), v, "test");
            } else {
                b.set("aws", k, v, "test");
            }
        });
        return b;
    }

    static final String GPU_QUEUE = "wdl-gpu-tasks";

    /**
     * Adds a GPU task queue (as the CDK stack's {@code -c gpu=true} makes) to an emulator world: an EC2 spot
     * compute environment whose instances have GPUs.
     */
    static void addGpuQueue(org.wdlbatch.emulator.world.EmulatorConfig c) {
        var ce = new org.wdlbatch.emulator.world.EmulatorConfig.ComputeEnvironment(GPU_QUEUE + "-spot", "SPOT");
        // a strict emulator keeps GPU jobs RUNNABLE on instances without GPUs; this field describes the instances
        // where the emulator knows it (set by name so the test also builds against an emulator without it)
        try {
            ce.getClass().getField("maxGpusPerInstance").setInt(ce, 8);
        } catch (ReflectiveOperationException e) {
            // an emulator that does not model instance GPUs runs GPU jobs anywhere
        }
        c.computeEnvironments.add(ce);
        c.queues.add(new org.wdlbatch.emulator.world.EmulatorConfig.Queue(GPU_QUEUE, ce.name, 4));
    }

    static AwsClients clients(AwsEmulator aws) {
        return new AwsClients(aws.endpoint(), aws.region());
    }

    record Result(Runner.Outcome outcome, AwsBatchBackend backend) {}

    static Result run(AwsEmulator aws, String wdl, List<String> inputs, Map<String, String> settings)
            throws Exception {
        Path runs = Files.createDirectories(aws.efsFolder().resolve("runs"));
        Path file = Files.createTempFile(aws.efsFolder(), "wf", ".wdl");
        Files.writeString(file, wdl);
        Config config = config(aws, settings).build();
        AwsBatchBackend backend = BatchBackendFactory.create(config, runs, clients(aws));
        Runner.Outcome o = new Runner().run(new Runner.Request(file.toString(), inputs, null, null, runs,
                aws.efsFolder(), config, backend, false, List.of()));
        return new Result(o, backend);
    }
}
