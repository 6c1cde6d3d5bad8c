package org.wdlbatch.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.MultipartBody;
import software.amazon.awscdk.services.ec2.MultipartUserData;
import software.amazon.awscdk.services.ec2.MultipartBodyOptions;
import software.constructs.Construct;

/**
 * Launch template of the task instances: Docker's storage on instance storage or a large encrypted gp3 volume
 * (the user data script {@code docker-storage.sh}), and IMDSv2 only.
 */
public final class TaskLaunchTemplate extends Construct {

    /** Device name of the gp3 data volume; the user data script looks for it under this name. */
    public static final String DATA_DEVICE = "/dev/xvdb";

    private final LaunchTemplate launchTemplate;

    public TaskLaunchTemplate(Construct scope, String id, WdlBatchSettings settings) {
        super(scope, id);
        // AWS Batch merges its own user data into ours, which it accepts only as MIME multi-part
        MultipartUserData userData = new MultipartUserData();
        // a plain-text part (no base64 transfer encoding): readable in the console and in the template
        userData.addPart(MultipartBody.fromRawBody(MultipartBodyOptions.builder()
                .contentType(MultipartBody.SHELL_SCRIPT)
                .body(dockerStorageScript())
                .build()));

        LaunchTemplate.Builder b = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .userData(userData)
                .httpEndpoint(true)
                .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
                // 2 hops: containers in bridge mode reach the instance credentials (the task instance role)
                .httpPutResponseHopLimit(2);
        if (settings.dockerVolumeGiB() > 0) {
            b.blockDevices(List.of(BlockDevice.builder()
                    .deviceName(DATA_DEVICE)
                    .volume(BlockDeviceVolume.ebs(settings.dockerVolumeGiB(), EbsDeviceOptions.builder()
                            .volumeType(EbsDeviceVolumeType.GP3)
                            .encrypted(true)
                            .deleteOnTermination(true)
                            .build()))
                    .build()));
        }
        this.launchTemplate = b.build();
    }

    static String dockerStorageScript() {
        try (InputStream in = TaskLaunchTemplate.class.getResourceAsStream("docker-storage.sh")) {
            if (in == null) {
                throw new IllegalStateException("docker-storage.sh missing from the classpath (org/wdlbatch/cdk/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LaunchTemplate launchTemplate() {
        return launchTemplate;
    }
}
