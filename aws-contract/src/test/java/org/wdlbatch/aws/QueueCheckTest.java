package org.wdlbatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.aws.QueueCheck.Jobs;
import org.wdlbatch.aws.QueueCheck.Setting;

class QueueCheckTest {

    private static final Setting FLAG = new Setting("--task-queue", "q1");
    private static final Setting KEY = new Setting("[aws] task_queue", "q1");

    private static Map<String, String> types(String... nameThenType) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenType.length; i += 2) {
            m.put(nameThenType[i], nameThenType[i + 1]);
        }
        return m;
    }

    @Test
    void taskQueuesNeedEc2ComputeEnvironmentsWhateverSideAsks() {
        assertThat(QueueCheck.platform(FLAG, types("spot", "SPOT", "od", "EC2", "own", null), Jobs.TASKS)).isEmpty();
        assertThat(QueueCheck.platform(FLAG, types("spot", "SPOT", "f", "FARGATE_SPOT"), Jobs.TASKS)).hasValueSatisfying(
                m -> assertThat(m).startsWith("--task-queue q1: its compute environment f (FARGATE_SPOT) runs Fargate")
                        .contains("pass --task-queue naming a queue of EC2 or SPOT compute environments"));
        assertThat(QueueCheck.platform(KEY, types("f", "FARGATE"), Jobs.TASKS)).hasValueSatisfying(
                m -> assertThat(m).startsWith("[aws] task_queue = q1: its compute environment f (FARGATE)")
                        .contains("set [aws] task_queue to a queue of EC2 or SPOT"));
    }

    @Test
    void theWorkflowQueueFollowsTheWorkflowJobsPlatform() {
        Setting wq = new Setting("--workflow-queue", "wq");
        assertThat(QueueCheck.platform(wq, types("f", "FARGATE"), Jobs.WORKFLOW_FARGATE)).isEmpty();
        assertThat(QueueCheck.platform(wq, types("e", "EC2"), Jobs.WORKFLOW_FARGATE))
                .hasValueSatisfying(m -> assertThat(m).contains("e (EC2) runs EC2 jobs", "--no-efs"));
        assertThat(QueueCheck.platform(wq, types("u", null), Jobs.WORKFLOW_FARGATE))
                .hasValueSatisfying(m -> assertThat(m).contains("u (UNMANAGED) runs EC2 jobs"));
        assertThat(QueueCheck.platform(wq, types("f", "FARGATE"), Jobs.WORKFLOW_EC2))
                .hasValueSatisfying(m -> assertThat(m).contains("runs Fargate jobs, but with --no-efs"));
    }

    @Test
    void missingQueuesAndAccessPointsAreNamedWithTheSettingAndTheFix() {
        assertThat(QueueCheck.noSuchQueue(KEY, "this account and region"))
                .startsWith("[aws] task_queue = q1: no such AWS Batch job queue in this account and region;")
                .contains("set [aws] task_queue to an existing queue");
        assertThat(QueueCheck.noSuchQueue(FLAG, "eu-west-1"))
                .startsWith("--task-queue q1: no such AWS Batch job queue in eu-west-1; pass --task-queue naming");
        assertThat(QueueCheck.noSuchAccessPoint(new Setting("--fsap", "fsap-1"), "eu-west-1"))
                .startsWith("--fsap fsap-1: no such EFS access point in eu-west-1");
    }

    @Test
    void accessPointIdsAndTheirFileSystem() {
        assertThat(QueueCheck.accessPointId(new Setting("--fsap", "fsap-0123"))).isEmpty();
        assertThat(QueueCheck.accessPointId(new Setting("--fsap", "fs-0123")))
                .hasValue("--fsap must be an EFS access point id (fsap-...), not fs-0123");
        assertThat(QueueCheck.accessPointFileSystem(new Setting("[aws] fs", null), "fsap-1", "fs-1")).isEmpty();
        assertThat(QueueCheck.accessPointFileSystem(new Setting("[aws] fs", "fs-1"), "fsap-1", "fs-1")).isEmpty();
        assertThat(QueueCheck.accessPointFileSystem(new Setting("[aws] fs", "fs-2"), "fsap-1", "fs-1"))
                .hasValue("[aws] fs = fs-2 but access point fsap-1 belongs to fs-1: leave [aws] fs empty or set it"
                        + " to fs-1");
    }
}
