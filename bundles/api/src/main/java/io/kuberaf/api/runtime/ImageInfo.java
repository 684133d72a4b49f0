package io.kuberaf.api.runtime;

import java.util.List;

/** An image present on the node: its id (digest), the tags naming it, its size in bytes. */
public record ImageInfo(String id, List<String> repoTags, long sizeBytes) {
    public ImageInfo {
        repoTags = List.copyOf(repoTags);
    }
}
