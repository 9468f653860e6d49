package io.sysql.capture.scap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysql.capture.event.Event;
import io.sysql.capture.proc.ContainerCgroup;
import java.io.IOException;

/**
 * Containers in a scap file: the metadata of its {@code container} events (a JSON document since driver
 * event version 2, id/type/name/image parameters before), and the container a process's cgroups name.
 */
final class ScapContainers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** libsinsp's container types, by their number in the capture (sinsp_container_type). */
    private static final String[] RUNTIMES = {"docker", "lxc", "libvirt-lxc", "mesos", "rkt", "custom", "cri",
        "containerd", "cri-o", "bpm", "static", "podman"};

    private ScapContainers() {
    }

    /** Fills the container event {@code e} from its parameters: containerId, name, image and runtime. */
    static void describe(EventParams p, Event e) {
        String json = p.string(ParamField.JSON);
        if (json == null) {
            e.containerId = p.string(ParamField.ID);
            e.name = p.string(ParamField.NAME);
            e.containerImage = p.string(ParamField.IMAGE);
            e.containerRuntime = runtime(p.number(ParamField.TYPE, -1));
            return;
        }
        try {
            JsonNode c = JSON.readTree(json).path("container");
            e.containerId = text(c.path("id"));
            e.name = text(c.path("name"));
            e.containerImage = text(c.path("image"));
            e.containerRuntime = runtime(c.path("type").asLong(-1));
        } catch (IOException unreadable) {
            // the event stays, with its raw text in args and no container
        }
    }

    /**
     * The container named by a process's cgroups (NUL-separated {@code subsystem=path} entries of the
     * process list or of a clone/execve exit), or null: the host, or no cgroups recorded.
     */
    static String idOfCgroups(String cgroups) {
        ContainerCgroup c = ContainerCgroup.find(cgroups);
        return c == null ? null : c.id();
    }

    private static String runtime(long type) {
        return type >= 0 && type < RUNTIMES.length ? RUNTIMES[(int) type] : null;
    }

    private static String text(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }
}
