package org.wdlbatch.cdk;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a deployment may choose. {@link #defaults()} gives a working stack for an empty account;
 * {@link ContextSettings#read} fills it from CDK context ({@code cdk deploy -c key=value} or {@code cdk.json}).
 *
 * @param namePrefix          prefix for queue names ({@code <prefix>-wdl-workflows}); empty keeps the plain names
 *                            {@code submit_awsbatch} and the emulator use by default
 * @param vpcId               an existing VPC to use ({@code vpc-...}); empty creates a new VPC
 * @param maxAzs              availability zones of a new VPC (at least 2)
 * @param natGateways         NAT gateways of a new VPC (1 keeps cost low; one per AZ survives an AZ outage)
 * @param taskInstanceTypes   EC2 instance types or families for task jobs (e.g. {@code m6i}, {@code c6id.2xlarge})
 * @param taskMaxVcpus        vCPU ceiling of the spot task compute environment
 * @param fallbackMaxVcpus    vCPU ceiling of the on-demand fallback compute environment
 * @param workflowMaxVcpus    vCPU ceiling of the Fargate compute environment that runs workflow jobs
 * @param dockerVolumeGiB     size of the gp3 volume for Docker's storage on instances without instance storage;
 *                            0 attaches none (then Docker stays on the root volume unless the instance has
 *                            instance storage)
 * @param efsOneZone          EFS One Zone (cheaper; compute is then confined to that zone) instead of regional
 * @param efsUid              POSIX user every EFS access goes through (the access point enforces it)
 * @param efsGid              POSIX group of that user
 * @param readBuckets         S3 buckets workflows and tasks may read
 * @param writeBuckets        S3 buckets workflows and tasks may write (upload); they are readable too
 * @param resultsBucket       create a results bucket (block public access, TLS only, expiring objects)
 * @param resultsExpirationDays days after which objects in the results bucket expire
 * @param createLogGroup      create the {@code /aws/batch/job} log group; false when it already exists in the
 *                            account (AWS Batch creates it on first use)
 * @param logRetentionDays    retention of {@code /aws/batch/job}, one of the values CloudWatch Logs accepts
 * @param taskJobRoleArn      an existing IAM role task containers run as ({@code [aws] task_job_role}); the
 *                            workflow role may pass exactly this role to Batch
 * @param createTaskJobRole   create a role for task containers (S3 on the listed buckets), which the workflow
 *                            role may pass; its ARN is the stack output {@code TaskJobRoleArn}
 */
public record WdlBatchSettings(
        String namePrefix,
        Optional<String> vpcId,
        int maxAzs,
        int natGateways,
        List<String> taskInstanceTypes,
        int taskMaxVcpus,
        int fallbackMaxVcpus,
        int workflowMaxVcpus,
        int dockerVolumeGiB,
        boolean efsOneZone,
        int efsUid,
        int efsGid,
        List<String> readBuckets,
        List<String> writeBuckets,
        boolean resultsBucket,
        int resultsExpirationDays,
        boolean createLogGroup,
        int logRetentionDays,
        Optional<String> taskJobRoleArn,
        boolean createTaskJobRole) {

    /** Retention values CloudWatch Logs accepts (AWS::Logs::LogGroup RetentionInDays). */
    public static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public WdlBatchSettings {
        taskInstanceTypes = List.copyOf(taskInstanceTypes);
        readBuckets = List.copyOf(readBuckets);
        writeBuckets = List.copyOf(writeBuckets);
        if (createTaskJobRole && taskJobRoleArn.isPresent()) {
            throw new IllegalArgumentException("CDK context keys 'taskJobRoleArn' and 'createTaskJobRole' exclude each"
                    + " other: give the ARN of an existing role, or let the stack create one, not both");
        }
    }

    public static WdlBatchSettings defaults() {
        return new WdlBatchSettings(
                "",
                Optional.empty(),
                2,
                1,
                // several current x86 families, with and without instance storage, so spot has many pools to pick from
                List.of("m6i", "c6i", "r6i", "m6id", "c6id", "r6id", "m7i", "c7i", "r7i"),
                256,
                64,
                16,
                200,
                false,
                1000,
                1000,
                List.of(),
                List.of(),
                true,
                90,
                true,
                90,
                Optional.empty(),
                false);
    }

    /** Prefixes a fixed resource name with {@link #namePrefix} and a dash, or returns it unchanged. */
    public String prefixed(String name) {
        return namePrefix.isEmpty() ? name : namePrefix + "-" + name;
    }
}
