package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ContextSettingsTest {

    private static WdlBatchSettings read(Map<String, Object> context) {
        return ContextSettings.read(context::get);
    }

    @Test
    void noContextGivesTheDefaults() {
        assertThat(read(Map.of())).isEqualTo(WdlBatchSettings.defaults());
        assertThat(WdlBatchSettings.defaults().vpcId()).isEmpty();
        assertThat(WdlBatchSettings.defaults().prefixed("wdl-tasks")).isEqualTo("wdl-tasks");
    }

    @Test
    void commandLineStringsAreParsed() {
        WdlBatchSettings s = read(Map.of(
                "namePrefix", "team1", "vpcId", "vpc-0123456789abcdef0", "taskMaxVcpus", "512",
                "efsOneZone", "TRUE", "readBuckets", "ref-data, other.bucket", "taskInstanceTypes", "m6id,c6i.2xlarge",
                "logRetentionDays", "365"));
        assertThat(s.namePrefix()).isEqualTo("team1");
        assertThat(s.prefixed("wdl-tasks")).isEqualTo("team1-wdl-tasks");
        assertThat(s.vpcId()).isEqualTo(Optional.of("vpc-0123456789abcdef0"));
        assertThat(s.taskMaxVcpus()).isEqualTo(512);
        assertThat(s.efsOneZone()).isTrue();
        assertThat(s.readBuckets()).containsExactly("ref-data", "other.bucket");
        assertThat(s.taskInstanceTypes()).containsExactly("m6id", "c6i.2xlarge");
        assertThat(s.logRetentionDays()).isEqualTo(365);
    }

    @Test
    void cdkJsonValuesAreParsed() {
        WdlBatchSettings s = read(Map.of("taskMaxVcpus", 1024, "resultsBucket", false,
                "writeBuckets", List.of("up-1", "up-2"), "vpcId", ""));
        assertThat(s.taskMaxVcpus()).isEqualTo(1024);
        assertThat(s.resultsBucket()).isFalse();
        assertThat(s.writeBuckets()).containsExactly("up-1", "up-2");
        assertThat(s.vpcId()).isEmpty();
    }

    @Test
    void badValuesNameTheKeyTheValueAndTheFix() {
        assertThatThrownBy(() -> read(Map.of("taskMaxVcpus", "lots")))
                .hasMessageContaining("'taskMaxVcpus'").hasMessageContaining("'lots'")
                .hasMessageContaining("cdk deploy -c taskMaxVcpus=256");
        assertThatThrownBy(() -> read(Map.of("workflowMaxVcpus", 0))).hasMessageContaining("'workflowMaxVcpus'")
                .hasMessageContaining("from 1 to");
        assertThatThrownBy(() -> read(Map.of("readBuckets", "s3://my-bucket/prefix")))
                .hasMessageContaining("'readBuckets'").hasMessageContaining("'s3://my-bucket/prefix'")
                .hasMessageContaining("no s3://");
        assertThatThrownBy(() -> read(Map.of("logRetentionDays", "10")))
                .hasMessageContaining("'logRetentionDays'").hasMessageContaining("14, 30");
        assertThatThrownBy(() -> read(Map.of("vpcId", "my-vpc"))).hasMessageContaining("'vpcId'")
                .hasMessageContaining("vpc-0123456789abcdef0");
        assertThatThrownBy(() -> read(Map.of("efsOneZone", "yes"))).hasMessageContaining("'efsOneZone'")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> read(Map.of("taskInstanceTypes", ""))).hasMessageContaining("'taskInstanceTypes'")
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> read(Map.of("maxAzs", 1))).hasMessageContaining("'maxAzs'");
        assertThatThrownBy(() -> read(Map.of("taskJobRoleArn", "wdl-tasks"))).hasMessageContaining("'taskJobRoleArn'")
                .hasMessageContaining("arn:aws:iam::123456789012:role/wdl-tasks");
        assertThatThrownBy(() -> read(Map.of("taskJobRoleArn", "arn:aws:iam::123456789012:role/x",
                "createTaskJobRole", "true"))).hasMessageContaining("'taskJobRoleArn'")
                .hasMessageContaining("'createTaskJobRole'");
    }

    @Test
    void taskJobRoleIsAnExistingArnOrCreated() {
        assertThat(WdlBatchSettings.defaults().taskJobRoleArn()).isEmpty();
        assertThat(WdlBatchSettings.defaults().createTaskJobRole()).isFalse();
        assertThat(read(Map.of("taskJobRoleArn", "arn:aws-cn:iam::123456789012:role/path/wdl-tasks")).taskJobRoleArn())
                .contains("arn:aws-cn:iam::123456789012:role/path/wdl-tasks");
        assertThat(read(Map.of("createTaskJobRole", true)).createTaskJobRole()).isTrue();
        assertThat(read(Map.of("taskJobRoleArn", "")).taskJobRoleArn()).isEmpty();
    }

    @Test
    void unknownInstanceFamilyIsRejectedWithTheKey() {
        assertThat(BatchCompute.instanceFamily("m6id").toString()).isNotEmpty();
        assertThatThrownBy(() -> BatchCompute.instanceFamily("zz9"))
                .hasMessageContaining("'taskInstanceTypes'").hasMessageContaining("'zz9'");
    }
}
