package io.sysql.capture.proc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container a process runs in, told by its cgroup path the way sysdig derives {@code container.id}:
 * the runtime names the cgroup after the container's 64-hex-digit id (docker {@code /docker/ID} or
 * {@code docker-ID.scope}, containerd {@code cri-containerd-ID.scope}, cri-o {@code crio-ID.scope}, podman
 * {@code libpod-ID.scope}), and the id shown is its first 12 digits.
 */
public record ContainerCgroup(String id, String fullId, String runtime) {
    private static final Pattern PATH = Pattern.compile(
            "(/docker/|docker-|cri-containerd-|crio-|libpod-)([0-9a-f]{64})(?:\\.scope)?(?=/|$|\\s|\\x00)");

    /** Digits of the id that sysdig shows. */
    public static final int SHORT_ID_LENGTH = 12;

    /**
     * The container named by any cgroup path in {@code text} (a {@code /proc/PID/cgroup} file, or a scap
     * process's {@code subsystem=path} list), or null when the process runs on the host.
     */
    public static ContainerCgroup find(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = PATH.matcher(text);
        if (!m.find()) {
            return null;
        }
        String full = m.group(2);
        return new ContainerCgroup(full.substring(0, SHORT_ID_LENGTH), full, runtimeOf(m.group(1)));
    }

    private static String runtimeOf(String prefix) {
        switch (prefix) {
            case "cri-containerd-": return "containerd";
            case "crio-": return "cri-o";
            case "libpod-": return "podman";
            default: return "docker";
        }
    }
}
