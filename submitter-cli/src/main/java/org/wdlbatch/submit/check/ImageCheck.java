package org.wdlbatch.submit.check;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** The workflow job's image, present in ECR ({@code ecr:DescribeImages}); other registries cannot be verified here. */
final class ImageCheck {

    private final CheckClients aws;

    ImageCheck(CheckClients aws) {
        this.aws = aws;
    }

    CheckLine check(String image) {
        String item = "workflow image " + image;
        EcrImage ref = EcrImage.parse(image);
        if (ref == null) {
            return CheckLine.warn(item, "not in a private ECR registry: not verified",
                    "make sure Fargate can pull it (a public image, or a registry credential on the job definition)");
        }
        if (aws.region() != null && !aws.region().equals(ref.region())) {
            return CheckLine.warn(item, "in region " + ref.region() + ", the queues in " + aws.region()
                    + ": not verified", "ECR pulls across regions work but cost transfer; publish it in " + aws.region());
        }
        ImageIdentifier id = ImageIdentifier.builder().imageTag(ref.tag()).imageDigest(ref.digest()).build();
        try {
            var found = aws.ecr().get().describeImages(b -> b.registryId(ref.account())
                    .repositoryName(ref.repository()).imageIds(id)).imageDetails();
            if (found.isEmpty()) {
                throw ImageNotFoundException.builder().message("not found").build();
            }
            return CheckLine.ok(item, "in ECR (" + found.get(0).imageDigest() + ")");
        } catch (RepositoryNotFoundException e) {
            return CheckLine.fail(item, "no ECR repository " + ref.repository() + " in account " + ref.account(),
                    FailureAdvice.PUBLISH_IMAGE);
        } catch (ImageNotFoundException e) {
            return CheckLine.fail(item, "repository " + ref.repository() + " has no image "
                    + (ref.digest() != null ? ref.digest() : "tagged " + ref.tag()), FailureAdvice.PUBLISH_IMAGE);
        } catch (SdkException e) {
            return CheckLine.fail(item, "AWS error: " + e.getMessage(), "the submitting user needs ecr:DescribeImages");
        }
    }
}
