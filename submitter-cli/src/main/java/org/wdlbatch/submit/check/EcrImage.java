package org.wdlbatch.submit.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image in a private ECR registry, {@code ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]/REPOSITORY[:TAG][@DIGEST]}
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html); no tag and no digest means
 * {@code latest}, as for docker pull.
 */
public record EcrImage(String account, String region, String repository, String tag, String digest) {

    private static final Pattern URI = Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9._/-]+?)"
                    + "(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");

    /** The ECR image an image name stands for, or null when it is not in a private ECR registry. */
    public static EcrImage parse(String image) {
        Matcher m = URI.matcher(image == null ? "" : image);
        if (!m.matches()) {
            return null;
        }
        String tag = m.group(4) == null && m.group(5) == null ? "latest" : m.group(4);
        return new EcrImage(m.group(1), m.group(2), m.group(3), tag, m.group(5));
    }

    /** {@code repository:tag} or {@code repository@digest}, for messages. */
    public String shortName() {
        return repository + (digest != null ? "@" + digest : ":" + tag);
    }
}
