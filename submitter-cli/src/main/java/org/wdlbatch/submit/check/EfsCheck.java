package org.wdlbatch.submit.check;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;

/**
 * The access point every job mounts, its file system, and the file system's mount targets: without an available
 * mount target in the jobs' subnets, Fargate fails the workflow job with ResourceInitializationError.
 */
final class EfsCheck {

    private final CheckClients aws;

    EfsCheck(CheckClients aws) {
        this.aws = aws;
    }

    List<CheckLine> check(String fsap) {
        List<CheckLine> out = new ArrayList<>();
        String item = "EFS access point " + fsap;
        AccessPointDescription ap;
        try {
            List<AccessPointDescription> found = aws.efs().get().describeAccessPoints(b -> b.accessPointId(fsap))
                    .accessPoints();
            if (found.isEmpty()) {
                throw AccessPointNotFoundException.builder().message("not found").build();
            }
            ap = found.get(0);
        } catch (AccessPointNotFoundException e) {
            out.add(CheckLine.fail(item, "no such access point", "pass --fsap with an existing one"
                    + " (`aws efs describe-access-points`), or redeploy the stack (tag DefaultFsap)"));
            return out;
        } catch (SdkException e) {
            out.add(CheckLine.fail(item, "AWS error: " + e.getMessage(),
                    "the submitting user needs elasticfilesystem:DescribeAccessPoints"));
            return out;
        }
        String posix = ap.posixUser() == null ? "no POSIX user" : "POSIX user " + ap.posixUser().uid() + ":"
                + ap.posixUser().gid();
        if (!"available".equals(ap.lifeCycleStateAsString())) {
            out.add(CheckLine.fail(item, "state " + ap.lifeCycleStateAsString(), "wait until it is available"));
        } else {
            out.add(CheckLine.ok(item, "available, file system " + ap.fileSystemId() + ", " + posix));
        }
        String fs = ap.fileSystemId();
        try {
            FileSystemDescription d = aws.efs().get().describeFileSystems(b -> b.fileSystemId(fs)).fileSystems().get(0);
            if (!"available".equals(d.lifeCycleStateAsString())) {
                out.add(CheckLine.fail("EFS file system " + fs, "state " + d.lifeCycleStateAsString(),
                        "wait until it is available"));
            } else {
                out.add(CheckLine.ok("EFS file system " + fs, "available"));
            }
            List<MountTargetDescription> targets = aws.efs().get().describeMountTargets(b -> b.fileSystemId(fs))
                    .mountTargets();
            long available = targets.stream().filter(t -> "available".equals(t.lifeCycleStateAsString())).count();
            if (available == 0) {
                out.add(CheckLine.fail("EFS mount targets of " + fs, targets.isEmpty() ? "none"
                        : "none available (" + targets.size() + " not yet)", "jobs cannot mount it (Fargate:"
                        + " ResourceInitializationError): create one per subnet of the compute environments,"
                        + " aws efs create-mount-target --file-system-id " + fs
                        + " --subnet-id SUBNET --security-groups SG (SG allowing NFS, port 2049, from the jobs)"));
            } else {
                StringBuilder zones = new StringBuilder();
                targets.forEach(t -> zones.append(zones.length() == 0 ? "" : ", ").append(t.availabilityZoneName()));
                out.add(CheckLine.ok("EFS mount targets of " + fs, available + " available (" + zones + ")"));
            }
        } catch (SdkException e) {
            out.add(CheckLine.fail("EFS file system " + fs, "AWS error: " + e.getMessage(), "the submitting user"
                    + " needs elasticfilesystem:DescribeFileSystems and elasticfilesystem:DescribeMountTargets"));
        }
        return out;
    }
}
