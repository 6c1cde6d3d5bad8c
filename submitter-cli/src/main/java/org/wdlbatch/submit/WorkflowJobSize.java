package org.wdlbatch.submit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The workflow job's vCPUs and memory, checked as AWS Batch checks them. On Fargate (the workflow queue of the CDK
 * stack, with EFS) only fixed pairs exist: 0.25, 0.5, 1, 2, 4, 8 or 16 vCPUs, each with its own memory range
 * (https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html); anything else is refused by
 * RegisterJobDefinition or leaves the job unable to start. On EC2 ({@code --no-efs}) vCPUs are whole numbers, at
 * least 1. A refused size names the nearest valid pairs, in the units of {@code --cpu} and {@code --memory-GiB}.
 */
final class WorkflowJobSize {

    /** One Fargate vCPU value and the memory values (MiB) it takes. */
    record FargateRow(String vcpus, List<Integer> mib, String range) {
        boolean takes(int m) {
            return mib.contains(m);
        }

        /** The memory of this row nearest to {@code m} that {@code --memory-GiB} can express (whole GiB). */
        int nearestGiB(int m) {
            int best = -1;
            for (int x : mib) {
                if (x % 1024 == 0 && (best < 0 || Math.abs(x - m) < Math.abs(best - m))) {
                    best = x;
                }
            }
            return best / 1024;
        }

        static FargateRow of(String vcpus, int fromGiB, int toGiB, int stepGiB) {
            List<Integer> m = new ArrayList<>();
            for (int g = fromGiB; g <= toGiB; g += stepGiB) {
                m.add(g * 1024);
            }
            return new FargateRow(vcpus, List.copyOf(m), fromGiB + " to " + toGiB + " GiB in steps of " + stepGiB
                    + " GiB");
        }
    }

    static final List<FargateRow> FARGATE = List.of(
            new FargateRow("0.25", List.of(512, 1024, 2048), "0.5, 1 or 2 GiB"),
            FargateRow.of("0.5", 1, 4, 1),
            FargateRow.of("1", 2, 8, 1),
            FargateRow.of("2", 4, 16, 1),
            FargateRow.of("4", 8, 30, 1),
            FargateRow.of("8", 16, 60, 4),
            FargateRow.of("16", 32, 120, 8));

    static final String SOURCE = "https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html";

    private WorkflowJobSize() {}

    /**
     * @param cpuFrom    where the vCPUs came from ({@code --cpu}, a variable or "default"), for the message
     * @param memoryFrom where the memory came from
     * @throws UsageException naming both sources and the nearest valid pairs
     */
    static void check(boolean fargate, String cpu, String cpuFrom, int memoryGiB, String memoryFrom)
            throws UsageException {
        BigDecimal v = new BigDecimal(cpu.trim());
        if (!fargate) {
            if (v.signum() <= 0 || v.stripTrailingZeros().scale() > 0) {
                throw new UsageException(cpuFrom + " " + cpu + ": a workflow job on EC2 (--no-efs) takes whole vCPUs,"
                        + " at least 1 (" + SOURCE + "); give " + cpuFrom + " " + v.setScale(0,
                        java.math.RoundingMode.CEILING).max(BigDecimal.ONE).toPlainString());
            }
            return;
        }
        int mib = memoryGiB * 1024;
        FargateRow row = row(v);
        if (row != null && row.takes(mib)) {
            return;
        }
        List<String> nearest = new ArrayList<>();
        if (row != null) {
            nearest.add(pair(row.vcpus(), row.nearestGiB(mib)));
            FargateRow byMemory = rowTaking(mib);
            if (byMemory != null && byMemory != row) {
                nearest.add(pair(byMemory.vcpus(), memoryGiB));
            }
        } else {
            FargateRow below = null;
            FargateRow above = null;
            for (FargateRow r : FARGATE) {
                int c = new BigDecimal(r.vcpus()).compareTo(v);
                if (c < 0) {
                    below = r;
                } else if (c > 0 && above == null) {
                    above = r;
                }
            }
            for (FargateRow r : new FargateRow[] {below, above}) {
                if (r != null) {
                    nearest.add(pair(r.vcpus(), r.nearestGiB(mib)));
                }
            }
        }
        String what = row == null
                ? cpuFrom + " " + cpu + " is not a Fargate vCPU value (0.25, 0.5, 1, 2, 4, 8 or 16)"
                : cpuFrom + " " + cpu + " with " + memoryFrom + " " + memoryGiB + " is not a Fargate size: " + row.vcpus()
                        + " vCPU takes " + row.range();
        throw new UsageException(what + "; the workflow job runs on Fargate, which takes only fixed vCPU/memory"
                + " pairs (" + SOURCE + "). Nearest valid: " + String.join(", or ", nearest));
    }

    private static FargateRow row(BigDecimal v) {
        for (FargateRow r : FARGATE) {
            if (new BigDecimal(r.vcpus()).compareTo(v) == 0) {
                return r;
            }
        }
        return null;
    }

    /** The smallest vCPU value whose range takes this memory. */
    private static FargateRow rowTaking(int mib) {
        for (FargateRow r : FARGATE) {
            if (r.takes(mib)) {
                return r;
            }
        }
        return null;
    }

    private static String pair(String vcpus, int gib) {
        return "--cpu " + vcpus + " --memory-GiB " + gib;
    }

}
