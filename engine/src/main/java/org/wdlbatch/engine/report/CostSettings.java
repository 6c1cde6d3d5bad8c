package org.wdlbatch.engine.report;

import org.wdlbatch.engine.config.Config;

/**
 * The {@code [cost]} prices the report's estimate multiplies compute time by, and the workflow job's size
 * ({@code [aws] workflow_cpu}, {@code workflow_memory_gib}).
 */
public record CostSettings(String pricesDate, String currency, double fargateVcpuHour, double fargateGibHour,
        double onDemandVcpuHour, double onDemandGibHour, double spotVcpuHour, double spotGibHour,
        double workflowCpu, double workflowMemoryGib) {

    public static CostSettings of(Config c) {
        return new CostSettings(c.string("cost", "prices_date"), c.string("cost", "currency"),
                c.decimal("cost", "fargate_vcpu_hour"), c.decimal("cost", "fargate_gib_hour"),
                c.decimal("cost", "ec2_on_demand_vcpu_hour"), c.decimal("cost", "ec2_on_demand_gib_hour"),
                c.decimal("cost", "ec2_spot_vcpu_hour"), c.decimal("cost", "ec2_spot_gib_hour"),
                c.decimal("aws", "workflow_cpu"), c.decimal("aws", "workflow_memory_gib"));
    }

    /** What the attempt's compute cost: its run time times what it asked for, at spot or on-demand prices. */
    public double task(AttemptRecord a, double hours) {
        double gib = a.memoryBytes() / (double) (1L << 30);
        return onDemand(a) ? hours * (a.cpus() * onDemandVcpuHour + gib * onDemandGibHour)
                : hours * (a.cpus() * spotVcpuHour + gib * spotGibHour);
    }

    /** On-demand when the instance metadata said so, or when it ran on the fallback queue; else spot. */
    public static boolean onDemand(AttemptRecord a) {
        if (a.usage() != null && a.usage().lifecycle() != null) {
            return !a.usage().lifecycle().equalsIgnoreCase("spot");
        }
        return a.fallback();
    }

    /** The workflow job's Fargate cost for a run of {@code hours}. */
    public double workflowJob(double hours) {
        return hours * (workflowCpu * fargateVcpuHour + workflowMemoryGib * fargateGibHour);
    }
}
