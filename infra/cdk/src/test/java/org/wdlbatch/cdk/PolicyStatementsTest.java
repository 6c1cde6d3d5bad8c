package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The scan the stack tests rely on must catch what it is there to catch (pure logic: small literal templates). */
class PolicyStatementsTest {

    private static Map<String, Object> templateWithPolicy(Map<String, Object> statement) {
        return Map.of("Resources", Map.of("P", Map.of("Type", "AWS::IAM::Policy",
                "Properties", Map.of("PolicyDocument", Map.of("Statement", List.of(statement))))));
    }

    @Test
    void starActionOnStarResourceIsABreach() {
        var t = templateWithPolicy(Map.of("Effect", "Allow", "Action", "*", "Resource", "*", "Sid", "All"));
        assertThat(PolicyStatements.breaches(PolicyStatements.of(t)))
                .containsExactly("P statement All: wildcard action *", "P statement All: * on resource *");
    }

    @Test
    void serviceWildcardActionIsABreachEvenOnANamedResource() {
        var t = templateWithPolicy(Map.of("Effect", "Allow", "Action", List.of("s3:*"),
                "Resource", "arn:aws:s3:::b/*", "Sid", "S3"));
        assertThat(PolicyStatements.breaches(PolicyStatements.of(t)))
                .containsExactly("P statement S3: wildcard action s3:*");
    }

    @Test
    void starResourceIsABreachForActionsThatSupportResourceLevelPermissions() {
        var t = templateWithPolicy(Map.of("Effect", "Allow", "Action", List.of("batch:DescribeJobs", "batch:SubmitJob"),
                "Resource", "*", "Sid", "Batch"));
        assertThat(PolicyStatements.breaches(PolicyStatements.of(t)))
                .containsExactly("P statement Batch: batch:SubmitJob on resource *");
    }

    @Test
    void resourcePoliciesOfFileSystemsAreScannedAndDeniesAreFine() {
        Map<String, Object> t = Map.of("Resources", Map.of("Fs", Map.of("Type", "AWS::EFS::FileSystem",
                "Properties", Map.of("FileSystemPolicy", Map.of("Statement", List.of(
                        Map.of("Effect", "Deny", "Action", "*", "Sid", "Tls"),
                        Map.of("Effect", "Allow", "Action", "elasticfilesystem:*", "Sid", "Any")))))));
        assertThat(PolicyStatements.breaches(PolicyStatements.of(t)))
                .containsExactly("Fs statement Any: wildcard action elasticfilesystem:*");
    }
}
