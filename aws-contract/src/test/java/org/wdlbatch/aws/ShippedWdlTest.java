package org.wdlbatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShippedWdlTest {

    static byte[] wdlLike(int chars) {
        StringBuilder sb = new StringBuilder("version 1.0\n");
        int i = 0;
        while (sb.length() < chars) {
            sb.append("task t").append(i).append(" {\n  input { String s = \"x").append(i)
                    .append("\" }\n  command <<< echo ~{s} >>>\n  output { String out = read_string(stdout()) }\n}\n");
            i++;
        }
        return sb.substring(0, chars).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int chars, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[chars];
        for (int i = 0; i < chars; i++) {
            b[i] = (byte) (33 + r.nextInt(94));
        }
        return b;
    }

    @Test
    void aSmallBundleFitsInTheEnvironmentAlone() throws Exception {
        byte[] bundle = wdlLike(2_000);
        ShippedWdl.Parts parts = ShippedWdl.split(bundle, 6_000, 40, 45);
        assertThat(parts.jobTags()).isEmpty();
        assertThat(parts.jobDefinitionTags()).isEmpty();
        assertThat(parts.env()).startsWith("1:");
        assertThat(ShippedWdl.join(parts.env(), Map.of(), Map.of())).isEqualTo(bundle);
    }

    @Test
    void aLargeBundleSpillsIntoJobThenJobDefinitionTagsWithinAwsLimits() throws Exception {
        byte[] bundle = random(12_000, 1);
        ShippedWdl.Parts parts = ShippedWdl.split(bundle, 3_000, 10, 45);
        assertThat(parts.jobTags()).hasSize(10);
        assertThat(parts.jobDefinitionTags()).isNotEmpty().hasSizeLessThanOrEqualTo(45);
        for (Map<String, String> tags : new Map[] {parts.jobTags(), parts.jobDefinitionTags()}) {
            tags.forEach((k, v) -> {
                assertThat(k.length()).isLessThanOrEqualTo(ShippedWdl.MAX_TAG_KEY);
                assertThat(v.length()).isLessThanOrEqualTo(ShippedWdl.MAX_TAG_VALUE);
                assertThat(k + v).matches("[A-Za-z0-9_.:/=+\\-@]+");
            });
        }
        assertThat(parts.env().length()).isLessThanOrEqualTo(3_000);
        // other tags on the resources are ignored; order of the maps does not matter
        Map<String, String> jobTags = new HashMap<>(parts.jobTags());
        jobTags.put("wdlbatch:run", "x");
        assertThat(ShippedWdl.join(parts.env(), jobTags, new HashMap<>(parts.jobDefinitionTags())))
                .isEqualTo(bundle);
    }

    @Test
    void withPropagatedTagsTheSpillSharesFiftyTagsWithTheReservedOnesAndSaysSoWhenItCannotFit() throws Exception {
        byte[] bundle = random(12_000, 2);
        ShippedWdl.Parts parts = ShippedWdl.splitPropagated(bundle, 3_000, 10);
        assertThat(parts.jobDefinitionTags()).isEmpty(); // job and definition count together: all on the job
        assertThat(parts.jobTags()).isNotEmpty().hasSizeLessThanOrEqualTo(ShippedWdl.MAX_PROPAGATED_TAGS - 10);
        assertThat(ShippedWdl.join(parts.env(), parts.jobTags(), Map.of())).isEqualTo(bundle);
        assertThatThrownBy(() -> ShippedWdl.splitPropagated(bundle, 3_000, 48))
                .isInstanceOf(ShippedWdl.TooLargeException.class)
                .hasMessageContaining("48 of them are taken by --tag / [aws] tags");
    }

    @Test
    void aBundleThatCannotFitIsRefusedWithTheSizes() {
        byte[] bundle = random(50_000, 2);
        assertThatThrownBy(() -> ShippedWdl.split(bundle, 6_000, 45, 49))
                .isInstanceOf(ShippedWdl.TooLargeException.class)
                .satisfies(e -> {
                    ShippedWdl.TooLargeException t = (ShippedWdl.TooLargeException) e;
                    assertThat(t.encodedChars()).isGreaterThan(t.roomChars());
                });
    }

    @Test
    void aMissingPartIsAClearError() throws Exception {
        ShippedWdl.Parts parts = ShippedWdl.split(random(12_000, 3), 3_000, 10, 45);
        assertThatThrownBy(() -> ShippedWdl.join(parts.env(), parts.jobTags(), Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("incomplete")
                .hasMessageContaining("batch:DescribeJobDefinitions");
        Map<String, String> gap = new HashMap<>(parts.jobTags());
        gap.remove(gap.keySet().stream().filter(k -> k.startsWith("wdl03.")).findFirst().orElseThrow());
        assertThatThrownBy(() -> ShippedWdl.join(parts.env(), gap, parts.jobDefinitionTags()))
                .hasMessageContaining("missing tag part 3");
        assertThatThrownBy(() -> ShippedWdl.join(null, Map.of(), Map.of())).hasMessageContaining(ShippedWdl.ENV);
    }
}
