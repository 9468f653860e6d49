package io.sysql.capture.proc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The name and image of a docker container, from the daemon's state on disk
 * ({@code /var/lib/docker/containers/FULL_ID/config.v2.json}); unknown (null) when that is unreadable.
 */
final class DockerState {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path containersDir;

    DockerState(Path containersDir) {
        this.containersDir = containersDir;
    }

    record Description(String name, String image) {
    }

    /** What docker's state says of container {@code fullId}; nulls for what it does not say. */
    Description describe(String fullId) {
        Path config = containersDir.resolve(fullId).resolve("config.v2.json");
        if (!Files.isRegularFile(config)) {
            return new Description(null, null);
        }
        try {
            JsonNode root = JSON.readTree(config.toFile());
            String name = text(root.path("Name"));
            if (name != null && name.startsWith("/")) {
                name = name.substring(1); // docker keeps names as paths; `docker ps` shows them without
            }
            return new Description(name, text(root.path("Config").path("Image")));
        } catch (IOException | RuntimeException unreadable) {
            return new Description(null, null);
        }
    }

    private static String text(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }
}
