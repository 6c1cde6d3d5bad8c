package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The GPU option ({@code -c gpu=true}) and the RUNNABLE time limits of the task queues, in synthesized templates:
 * one stack with the GPU queue, one without (the default).
 */
class GpuAndTimeLimitsStackTest {

    @TempDir
    static Path outdir;

    static Map<String, Object> gpuJson;
    static Template gpu;
    static Template plain;

    @BeforeAll
    static void synthesize() {
        gpuJson = Cfn.map(WdlBatchApp.synth(Map.of(GpuTaskCompute.ENABLED, "true",
                RunnableTimeLimits.CONTEXT_KEY, "120"), outdir.resolve("gpu").toString(), null, null)
                .getStackByName(WdlBatchApp.STACK_NAME).getTemplate());
        gpu = Template.fromJSON(gpuJson);
        plain = Template.fromJSON(Cfn.map(WdlBatchApp.synth(Map.of(), outdir.resolve("plain").toString(), null, null)
                .getStackByName(WdlBatchApp.STACK_NAME).getTemplate()));
    }

    private static String queueId(Template t, String name) {
        Map<String, Map<String, Object>> q = t.findResources("AWS::Batch::JobQueue",
                Map.of("Properties", Map.of("JobQueueName", name)));
        assertThat(q).as("queue %s", name).hasSize(1);
        return q.keySet().iterator().next();
    }

    private static Map<String, Object> queue(Template t, String name) {
        return t.findResources("AWS::Batch::JobQueue", Map.of("Properties", Map.of("JobQueueName", name)))
                .values().iterator().next();
    }

    /** The compute environments of a queue, in order, as their resources. */
    private static List<Map<String, Object>> computeOf(Template t, String queue) {
        Map<String, Map<String, Object>> ces = t.findResources("AWS::Batch::ComputeEnvironment");
        return Cfn.list(Cfn.at(queue(t, queue), "Properties", "ComputeEnvironmentOrder")).stream()
                .sorted(java.util.Comparator.comparing(o -> ((Number) Cfn.map(o).get("Order")).intValue()))
                .map(o -> ces.get(Cfn.text(Cfn.map(o).get("ComputeEnvironment")).replaceAll("^\\$\\{|(\\.[A-Za-z]+)?}$", "")))
                .toList();
    }

    @Test
    void theGpuQueueHasSpotThenOnDemandNvidiaInstancesWithTheEcsGpuAmi() {
        gpu.resourceCountIs("AWS::Batch::ComputeEnvironment", 5);
        List<Map<String, Object>> ces = computeOf(gpu, GpuTaskCompute.QUEUE_NAME);
        assertThat(ces).hasSize(2).doesNotContainNull();
        assertThat(ces).extracting(ce -> Cfn.at(ce, "Properties", "ComputeResources", "Type"))
                .containsExactly("SPOT", "EC2");
        for (Map<String, Object> ce : ces) {
            Object resources = Cfn.at(ce, "Properties", "ComputeResources");
            assertThat(Cfn.list(Cfn.at(resources, "InstanceTypes"))).containsExactlyInAnyOrder("g4dn", "g5", "g6");
            assertThat(Cfn.list(Cfn.at(resources, "Ec2Configuration"))).extracting(c -> Cfn.map(c).get("ImageType"))
                    .containsExactly("ECS_AL2023_NVIDIA");
            assertThat(Cfn.at(resources, "MinvCpus")).isEqualTo(0);
            assertThat(Cfn.at(resources, "LaunchTemplate")).isNotNull();
        }
        // the CPU task environments stay on the plain ECS AMI with m/c/r families
        List<Map<String, Object>> cpu = computeOf(gpu, AwsNames.DEFAULT_TASK_QUEUE);
        assertThat(Cfn.list(Cfn.at(cpu.get(0), "Properties", "ComputeResources", "InstanceTypes")))
                .noneMatch(t -> String.valueOf(t).startsWith("g"));
    }

    @Test
    void theWorkflowQueueNamesTheGpuQueueAndTheWorkflowRoleMaySubmitToIt() {
        gpu.hasResourceProperties("AWS::Batch::JobQueue", Map.of(
                "JobQueueName", AwsNames.DEFAULT_WORKFLOW_QUEUE,
                "Tags", Match.objectLike(Map.of(QueueTags.DEFAULT_GPU_TASK_QUEUE, GpuTaskCompute.QUEUE_NAME))));
        String gpuQueue = "${" + queueId(gpu, GpuTaskCompute.QUEUE_NAME) + ".JobQueueArn}";
        List<PolicyStatements.Statement> all = PolicyStatements.of(gpuJson);
        assertThat(all).filteredOn(s -> "SubmitToTaskQueues".equals(s.sid()))
                .flatExtracting(PolicyStatements.Statement::resources).contains(gpuQueue);
        assertThat(all).flatExtracting(PolicyStatements.Statement::actions)
                .contains("batch:DescribeComputeEnvironments");
        assertThat(PolicyStatements.breaches(all)).isEmpty();
        assertThat(Cfn.at(gpuJson, "Outputs", "GpuTaskQueueName", "Value")).isEqualTo(GpuTaskCompute.QUEUE_NAME);
    }

    @Test
    void withoutTheGpuOptionThereIsNoGpuQueueAndNoTag() {
        plain.resourceCountIs("AWS::Batch::ComputeEnvironment", 3);
        assertThat(plain.findResources("AWS::Batch::JobQueue",
                Map.of("Properties", Map.of("JobQueueName", GpuTaskCompute.QUEUE_NAME)))).isEmpty();
        Object tags = Cfn.at(queue(plain, AwsNames.DEFAULT_WORKFLOW_QUEUE), "Properties", "Tags");
        assertThat(Cfn.map(tags)).doesNotContainKey(QueueTags.DEFAULT_GPU_TASK_QUEUE)
                .containsKey(QueueTags.DEFAULT_TASK_QUEUE);
    }

    @Test
    void taskQueuesCancelJobsThatCanNeverRunWithTheirReasonAndTheWorkflowQueueDoesNot() {
        Map<String, Integer> expected = Map.of(
                "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT", 600,
                "MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE", 600,
                "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY", 120 * 60);
        for (String q : List.of(AwsNames.DEFAULT_TASK_QUEUE, AwsNames.DEFAULT_TASK_QUEUE_FALLBACK,
                GpuTaskCompute.QUEUE_NAME)) {
            List<Object> actions = Cfn.list(Cfn.at(queue(gpu, q), "Properties", "JobStateTimeLimitActions"));
            assertThat(actions).as(q).allSatisfy(a -> {
                assertThat(Cfn.map(a)).containsEntry("Action", "CANCEL").containsEntry("State", "RUNNABLE");
                int seconds = ((Number) Cfn.map(a).get("MaxTimeSeconds")).intValue();
                assertThat(seconds).isBetween(600, 86_400); // AWS's range
            });
            assertThat(actions.stream().collect(Collectors.toMap(a -> (String) Cfn.map(a).get("Reason"),
                    a -> ((Number) Cfn.map(a).get("MaxTimeSeconds")).intValue()))).as(q).isEqualTo(expected);
        }
        // the default: four hours for capacity
        assertThat(Cfn.list(Cfn.at(queue(plain, AwsNames.DEFAULT_TASK_QUEUE), "Properties",
                "JobStateTimeLimitActions"))).anySatisfy(a -> assertThat(Cfn.map(a))
                .containsEntry("Reason", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY")
                .containsEntry("MaxTimeSeconds", RunnableTimeLimits.DEFAULT_CAPACITY_MINUTES * 60));
        // workflow jobs are small Fargate jobs that hold the run: not cancelled by these rules
        assertThat(Cfn.at(queue(gpu, AwsNames.DEFAULT_WORKFLOW_QUEUE), "Properties", "JobStateTimeLimitActions"))
                .isNull();
    }

    @Test
    void aCapacityWaitOutsideAwssRangeOrABadGpuFamilyFailsNamingTheKey() {
        assertThatThrownBy(() -> WdlBatchApp.synth(Map.of(RunnableTimeLimits.CONTEXT_KEY, "5"),
                outdir.resolve("bad1").toString(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'runnableCapacityMinutes'")
                .hasMessageContaining("from 10 to 1440");
        assertThatThrownBy(() -> WdlBatchApp.synth(Map.of(GpuTaskCompute.ENABLED, "true",
                GpuTaskCompute.INSTANCE_TYPES, "zz9"), outdir.resolve("bad2").toString(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gpuInstanceTypes'");
    }
}
