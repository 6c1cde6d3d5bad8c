package org.wdlbatch.emulator.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.wdlbatch.emulator.AwsEmulator;
import org.wdlbatch.emulator.world.EmulatorConfig;

/** {@code bin/aws-emulator [--port 4566] [--data DIR] [--config FILE]}: runs until interrupted. */
public final class AwsEmulatorMain {

    static final String USAGE = "usage: aws-emulator [--port PORT] [--data DIR] [--config FILE] | --version\n"
            + "  --port PORT    port on 127.0.0.1 (default 4566; 0 picks a free one)\n"
            + "  --data DIR     keep state in DIR (EFS in DIR/efs, S3 buckets in DIR/s3, jobs and logs in DIR/state);\n"
            + "                 without it everything lives in a temporary folder removed on exit\n"
            + "  --config FILE  JSON world and settings (see docs/emulator.md)";

    private AwsEmulatorMain() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "aws-emulator-logback.xml");
        }
        Integer port = null;
        String data = null;
        String configFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.contains("=") && a.startsWith("--")) {
                value = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            } else if ((a.equals("--port") || a.equals("--data") || a.equals("--config")) && i + 1 < args.length) {
                value = args[++i];
            }
            switch (a) {
                case "--port":
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        fail("--port needs a number, got '" + value + "'");
                    }
                    break;
                case "--data": data = value; break;
                case "--config": configFile = value; break;
                case "-h": case "--help":
                    System.out.println(USAGE);
                    return;
                case "--version":
                    System.out.println(org.wdlbatch.aws.BuildInfo.versionLine("aws-emulator"));
                    return;
                default:
                    fail("unknown argument '" + args[i] + "'");
            }
            if (value == null) {
                fail(a + " needs a value");
            }
        }
        EmulatorConfig config;
        try {
            config = configFile == null ? EmulatorConfig.defaults() : EmulatorConfig.read(Path.of(configFile));
        } catch (Exception e) {
            fail("cannot read --config " + configFile + ": " + e.getMessage());
            return;
        }
        if (port != null) config.port = port;
        else if (configFile == null || config.port == 0) config.port = 4566;
        if (data != null) config.dataDir = data;
        AwsEmulator emulator;
        try {
            emulator = AwsEmulator.start(config);
        } catch (Exception e) {
            fail(e.getMessage());
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                emulator.close();
            } catch (Exception e) {
                System.err.println("aws-emulator: error while stopping: " + e);
            }
            done.countDown();
        }));
        System.out.println("aws-emulator listening on " + emulator.endpoint());
        System.out.println("  export AWS_ENDPOINT_URL=" + emulator.endpoint() + " AWS_REGION=" + config.region
                + " AWS_ACCESS_KEY_ID=" + emulator.clientCredential().accessKeyId
                + " AWS_SECRET_ACCESS_KEY=" + emulator.clientCredential().secretAccessKey);
        System.out.println("  control API token: " + emulator.controlToken() + " (send it as header "
                + "X-Emulator-Token on " + emulator.endpoint() + "/_emulator/..., with Content-Type: application/json)");
        System.out.println("  EFS access point " + config.accessPoints.get(0).id + " -> " + emulator.efsFolder());
        System.out.flush();
        done.await();
    }

    private static void fail(String message) {
        System.err.println("aws-emulator: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
