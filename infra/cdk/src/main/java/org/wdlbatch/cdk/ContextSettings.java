package org.wdlbatch.cdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@link WdlBatchSettings} from CDK context. Values arrive as strings from {@code cdk deploy -c key=value}
 * and as JSON values from {@code cdk.json}; both are accepted. A bad value fails with the key, what was given and
 * how to fix it.
 */
public final class ContextSettings {

    /** The context keys, as documented in docs/deploy.md. */
    public static final String NAME_PREFIX = "namePrefix";
    public static final String VPC_ID = "vpcId";
    public static final String MAX_AZS = "maxAzs";
    public static final String NAT_GATEWAYS = "natGateways";
    public static final String TASK_INSTANCE_TYPES = "taskInstanceTypes";
    public static final String TASK_MAX_VCPUS = "taskMaxVcpus";
    public static final String FALLBACK_MAX_VCPUS = "fallbackMaxVcpus";
    public static final String WORKFLOW_MAX_VCPUS = "workflowMaxVcpus";
    public static final String DOCKER_VOLUME_GIB = "dockerVolumeGiB";
    public static final String EFS_ONE_ZONE = "efsOneZone";
    public static final String EFS_UID = "efsUid";
    public static final String EFS_GID = "efsGid";
    public static final String READ_BUCKETS = "readBuckets";
    public static final String WRITE_BUCKETS = "writeBuckets";
    public static final String RESULTS_BUCKET = "resultsBucket";
    public static final String RESULTS_EXPIRATION_DAYS = "resultsExpirationDays";
    public static final String CREATE_LOG_GROUP = "createLogGroup";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String TASK_JOB_ROLE_ARN = "taskJobRoleArn";
    public static final String CREATE_TASK_JOB_ROLE = "createTaskJobRole";

    private static final Pattern NAME_PREFIX_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    private static final Pattern VPC_ID_PATTERN = Pattern.compile("vpc-[0-9a-f]{8,17}");
    static final Pattern INSTANCE_TYPE_PATTERN = Pattern.compile("[a-z][a-z0-9-]*[0-9][a-z0-9-]*(\\.[a-z0-9]+)?");
    // S3 bucket naming rules: 3-63 characters, lower case, digits, dots and hyphens, starting and ending alphanumeric
    // an IAM role ARN in any partition, with an optional path
    private static final Pattern ROLE_ARN_PATTERN = Pattern.compile(
            "arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    private static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Function<String, Object> context;

    private ContextSettings(Function<String, Object> context) {
        this.context = context;
    }

    /** A reader of further context keys (the GPU queue's, the time limits'), with the same checks and messages. */
    static ContextSettings of(Function<String, Object> lookup) {
        return new ContextSettings(lookup);
    }

    /** Reads settings through {@code lookup} (e.g. {@code app.getNode()::tryGetContext}); absent keys keep defaults. */
    public static WdlBatchSettings read(Function<String, Object> lookup) {
        ContextSettings c = new ContextSettings(lookup);
        WdlBatchSettings d = WdlBatchSettings.defaults();
        int maxVcpuLimit = 100_000;
        return new WdlBatchSettings(
                c.matching(NAME_PREFIX, d.namePrefix(), NAME_PREFIX_PATTERN, "letters, digits, '-' or '_', at most 40"),
                Optional.ofNullable(c.matching(VPC_ID, null, VPC_ID_PATTERN, "an id like vpc-0123456789abcdef0"))
                        .filter(s -> !s.isEmpty()),
                c.integer(MAX_AZS, d.maxAzs(), 2, 6),
                c.integer(NAT_GATEWAYS, d.natGateways(), 0, 6),
                c.list(TASK_INSTANCE_TYPES, d.taskInstanceTypes(), INSTANCE_TYPE_PATTERN,
                        "EC2 instance types or families like m6i or c6id.2xlarge", false),
                c.integer(TASK_MAX_VCPUS, d.taskMaxVcpus(), 1, maxVcpuLimit),
                c.integer(FALLBACK_MAX_VCPUS, d.fallbackMaxVcpus(), 1, maxVcpuLimit),
                c.integer(WORKFLOW_MAX_VCPUS, d.workflowMaxVcpus(), 1, maxVcpuLimit),
                c.integer(DOCKER_VOLUME_GIB, d.dockerVolumeGiB(), 0, 16_384),
                c.bool(EFS_ONE_ZONE, d.efsOneZone()),
                c.integer(EFS_UID, d.efsUid(), 0, Integer.MAX_VALUE),
                c.integer(EFS_GID, d.efsGid(), 0, Integer.MAX_VALUE),
                c.list(READ_BUCKETS, d.readBuckets(), BUCKET_PATTERN, "S3 bucket names (no s3:// and no key)", true),
                c.list(WRITE_BUCKETS, d.writeBuckets(), BUCKET_PATTERN, "S3 bucket names (no s3:// and no key)", true),
                c.bool(RESULTS_BUCKET, d.resultsBucket()),
                c.integer(RESULTS_EXPIRATION_DAYS, d.resultsExpirationDays(), 1, 36_500),
                c.bool(CREATE_LOG_GROUP, d.createLogGroup()),
                c.retention(LOG_RETENTION_DAYS, d.logRetentionDays()),
                Optional.ofNullable(c.matching(TASK_JOB_ROLE_ARN, null, ROLE_ARN_PATTERN,
                        "an IAM role ARN like arn:aws:iam::123456789012:role/wdl-tasks")).filter(s -> !s.isEmpty()),
                c.bool(CREATE_TASK_JOB_ROLE, d.createTaskJobRole()));
    }

    String matching(String key, String fallback, Pattern pattern, String expected) {
        Object v = context.apply(key);
        if (v == null) {
            return fallback;
        }
        String s = v.toString().trim();
        if (s.isEmpty()) {
            return "";
        }
        if (!pattern.matcher(s).matches()) {
            throw bad(key, v, expected);
        }
        return s;
    }

    int integer(String key, int fallback, int min, int max) {
        Object v = context.apply(key);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else {
            try {
                n = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw bad(key, v, "a whole number from " + min + " to " + max);
            }
        }
        if (n < min || n > max) {
            throw bad(key, v, "a whole number from " + min + " to " + max);
        }
        return (int) n;
    }

    private int retention(String key, int fallback) {
        int days = integer(key, fallback, 1, 3653);
        if (!WdlBatchSettings.LOG_RETENTION_DAYS.contains(days)) {
            throw bad(key, context.apply(key), "one of the retentions CloudWatch Logs accepts: "
                    + WdlBatchSettings.LOG_RETENTION_DAYS.stream().sorted().toList());
        }
        return days;
    }

    boolean bool(String key, boolean fallback) {
        Object v = context.apply(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw bad(key, v, "true or false");
    }

    /** A list given as a JSON array (cdk.json) or as a comma-separated string ({@code -c key=a,b}). */
    List<String> list(String key, List<String> fallback, Pattern pattern, String expected, boolean mayBeEmpty) {
        Object v = context.apply(key);
        if (v == null) {
            return fallback;
        }
        List<String> items = new ArrayList<>();
        if (v instanceof Collection<?> col) {
            col.forEach(o -> items.add(String.valueOf(o).trim()));
        } else {
            for (String part : v.toString().split(",")) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
        }
        if (items.isEmpty() && !mayBeEmpty) {
            throw bad(key, v, "at least one of " + expected);
        }
        for (String item : items) {
            if (!pattern.matcher(item).matches()) {
                throw new IllegalArgumentException("CDK context key '" + key + "': '" + item + "' is not valid; expected "
                        + expected + ", comma-separated, e.g. cdk deploy -c " + key + "=" + example(key));
            }
        }
        return List.copyOf(items);
    }

    private static IllegalArgumentException bad(String key, Object value, String expected) {
        return new IllegalArgumentException("CDK context key '" + key + "': got '" + value + "'; expected " + expected
                + ". Fix it in infra/cdk/cdk.json or on the command line, e.g. cdk deploy -c " + key + "=" + example(key));
    }

    private static String example(String key) {
        return switch (key) {
            case NAME_PREFIX -> "team1";
            case VPC_ID -> "vpc-0123456789abcdef0";
            case TASK_INSTANCE_TYPES -> "m6i,c6id.2xlarge";
            case READ_BUCKETS, WRITE_BUCKETS -> "my-bucket,other-bucket";
            case EFS_ONE_ZONE, RESULTS_BUCKET, CREATE_LOG_GROUP -> "false";
            case CREATE_TASK_JOB_ROLE -> "true";
            case TASK_JOB_ROLE_ARN -> "arn:aws:iam::123456789012:role/wdl-tasks";
            case LOG_RETENTION_DAYS -> "90";
            default -> String.valueOf(defaultOf(key));
        };
    }

    private static Object defaultOf(String key) {
        WdlBatchSettings d = WdlBatchSettings.defaults();
        return switch (key) {
            case MAX_AZS -> d.maxAzs();
            case NAT_GATEWAYS -> d.natGateways();
            case TASK_MAX_VCPUS -> d.taskMaxVcpus();
            case FALLBACK_MAX_VCPUS -> d.fallbackMaxVcpus();
            case WORKFLOW_MAX_VCPUS -> d.workflowMaxVcpus();
            case DOCKER_VOLUME_GIB -> d.dockerVolumeGiB();
            case EFS_UID -> d.efsUid();
            case EFS_GID -> d.efsGid();
            case RESULTS_EXPIRATION_DAYS -> d.resultsExpirationDays();
            default -> "...";
        };
    }
}
