package io.sysql.capture.proc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The name and image of a podman or cri-o container, from the state both keep on disk through
 * containers/storage: {@code containers.json} (under {@code /var/lib/containers/storage/overlay-containers}
 * for the default overlay driver), an array of {@code {"id", "names": [...], "metadata": "{\"image-name\":
 * ...}"}}; unknown (null) when that is unreadable or does not list the container.
 */
final class ContainersStorageState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path containersJson;

    ContainersStorageState(Path containersJson) {
        this.containersJson = containersJson;
    }

    /** What the state says of container {@code fullId}; nulls for what it does not say. */
    DockerState.Description describe(String fullId) {
        if (!Files.isRegularFile(containersJson)) {
            return new DockerState.Description(null, null);
        }
        try {
            for (JsonNode c : JSON.readTree(containersJson.toFile())) {
                if (fullId.equals(c.path("id").asText())) {
                    String name = c.path("names").path(0).asText(null);
                    // metadata is JSON kept as a string; its image-name is the name the image was pulled by
                    String metadata = c.path("metadata").asText("");
                    String image = metadata.isEmpty() ? null : JSON.readTree(metadata).path("image-name").asText(null);
                    return new DockerState.Description(name, image);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // unknown, as for a container the state does not list
        }
        return new DockerState.Description(null, null);
    }
}
