package org.wdlbatch.orchestrator.image;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wdlbatch.engine.image.DigestLookup;
import org.wdlbatch.engine.image.ImageRef;
import org.wdlbatch.orchestrator.batch.AwsClients;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The digest of an ECR image ({@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>}) from ECR's
 * DescribeImages, with the workflow job's own AWS credentials: the registry's HTTP API would need a token from
 * GetAuthorizationToken first, and DescribeImages answers the digest directly
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html, {@code imageDigest}). Another
 * account's repository (cross-account pulls) is asked with that account as {@code registryId}; the workflow role
 * needs {@code ecr:DescribeImages} on it (docs/containers.md). Other registries are not served here.
 */
public final class EcrDigestLookup implements DigestLookup {

    /** https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html: the registry URL form. */
    private static final Pattern ECR_HOST = Pattern.compile("(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)"
            + "\\.amazonaws\\.com(?:\\.cn)?");

    private final AwsClients clients;
    private final Map<String, EcrClient> byRegion = new ConcurrentHashMap<>();

    public EcrDigestLookup(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public String source() {
        return "ecr DescribeImages";
    }

    @Override
    public Optional<String> digest(ImageRef ref) {
        Matcher m = ECR_HOST.matcher(ref.registry());
        if (!m.matches()) {
            return Optional.empty();
        }
        String account = m.group(1);
        EcrClient ecr = byRegion.computeIfAbsent(m.group(2), clients::ecr);
        try {
            return Optional.of(ecr.describeImages(b -> b.registryId(account).repositoryName(ref.repository())
                    .imageIds(i -> i.imageTag(ref.tag()))).imageDetails().get(0).imageDigest());
        } catch (SdkException e) {
            throw new IllegalStateException(AwsClients.explain(e), e);
        }
    }
}
