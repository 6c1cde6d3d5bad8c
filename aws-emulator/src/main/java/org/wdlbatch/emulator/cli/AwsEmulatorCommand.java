package org.wdlbatch.emulator.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of {@code bin/aws-emulator} as a picocli model, for its shell completion and man page (generated at
 * build time by the distribution). {@link AwsEmulatorMain} parses its few options itself so that the emulator
 * starts without picocli on its class path (picocli is a provided dependency here);
 * {@code AwsEmulatorCommandTest} keeps the two lists of options in step.
 */
@Command(name = "aws-emulator",
        description = {"A local AWS speaking the real wire protocols (Batch, EFS, CloudWatch Logs, S3, STS,",
                "SageMaker): tasks run as real processes, S3 is S3Proxy. Runs until interrupted (Ctrl-C)."},
        footer = {"", "Examples:", "  aws-emulator --port 4566 --data ./emu",
                "  aws-emulator --port 0 --config world.json", "", "See docs/emulator.md."})
final class AwsEmulatorCommand {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "print the version and commit, and exit")
    boolean version;

    @Option(names = "--port", paramLabel = "PORT",
            description = "port on 127.0.0.1 (default 4566; 0 picks a free one)")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR", description = {
            "keep state in DIR (EFS in DIR/efs, S3 buckets in DIR/s3, jobs and logs in DIR/state);",
            "without it everything lives in a temporary folder removed on exit"})
    java.io.File data;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON world and settings (see docs/emulator.md)")
    java.io.File config;
}
