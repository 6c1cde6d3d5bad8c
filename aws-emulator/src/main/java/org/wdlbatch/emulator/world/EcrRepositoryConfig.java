package org.wdlbatch.emulator.world;

import java.util.ArrayList;
import java.util.List;

/**
 * An ECR repository of the emulated account and the tags of the images in it (one image per tag). The default
 * world holds {@code wdlbatch} with the orchestrator image the workflow queue's {@code WorkflowImage} tag names,
 * as a deployed stack would.
 */
public final class EcrRepositoryConfig {

    public String name;
    public List<String> imageTags = new ArrayList<>();

    public EcrRepositoryConfig() {}

    public EcrRepositoryConfig(String name, String... imageTags) {
        this.name = name;
        this.imageTags.addAll(List.of(imageTags));
    }
}
