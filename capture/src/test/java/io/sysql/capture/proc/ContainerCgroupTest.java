package io.sysql.capture.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container ids from the cgroup paths each runtime makes, as sysdig derives container.id. */
class ContainerCgroupTest {
    private static final String ID = "697956520d89ac63bb3c3a86d2a8dd1452a08ba1d60e7ee4fbb41fc93f7b2b45";

    @Test
    void eachRuntimesCgroupLayoutNamesTheContainerByTheFirst12DigitsOfItsId() {
        String[][] layouts = {
            {"12:pids:/docker/" + ID, "docker"},                                     // docker, cgroupfs driver
            {"0::/system.slice/docker-" + ID + ".scope", "docker"},                   // docker, systemd driver
            {"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-" + ID
                    + ".scope", "containerd"},
            {"0::/kubepods.slice/kubepods-pod2.slice/crio-" + ID + ".scope", "cri-o"},
            {"0::/machine.slice/libpod-" + ID + ".scope/container", "podman"},
        };
        for (String[] layout : layouts) {
            String file = "9:name=systemd:/\n4:memory:/user.slice\n" + layout[0] + "\n";
            ContainerCgroup c = ContainerCgroup.find(file);
            assertThat(c).as(layout[0]).isNotNull();
            assertThat(c.id()).isEqualTo("697956520d89");
            assertThat(c.fullId()).isEqualTo(ID);
            assertThat(c.runtime()).isEqualTo(layout[1]);
        }
    }

    @Test
    void aHostProcessOrAnIdOfAnotherLengthIsNoContainer() {
        assertThat(ContainerCgroup.find("0::/user.slice/user-0.slice/session-3.scope\n")).isNull();
        assertThat(ContainerCgroup.find("4:memory:/process_api/cd8450da7ef64ce674e710cb68611a29\n")).isNull();
        assertThat(ContainerCgroup.find("0::/system.slice/docker-" + ID + "0.scope\n")).isNull();
        assertThat(ContainerCgroup.find("0::/system.slice/docker.service\n")).isNull();
    }

    @Test
    void aScapProcesssSubsystemListNamesItsContainer() {
        String cgroups = "cpuset=/docker/" + ID + "\0cpu=/docker/" + ID + "\0memory=/docker/" + ID;
        assertThat(ContainerCgroup.find(cgroups).id()).isEqualTo("697956520d89");
    }

    @Test
    void dockersStateOnDiskGivesTheNameAndImageWhereReadable(@TempDir Path containers) throws Exception {
        Path dir = Files.createDirectories(containers.resolve(ID));
        // the fields docker's config.v2.json holds them in (others elided)
        Files.writeString(dir.resolve("config.v2.json"), "{\"ID\":\"" + ID + "\",\"Image\":\"sha256:f68d6e55e065\","
                + "\"Config\":{\"Hostname\":\"697956520d89\",\"Image\":\"nginx:1.25\",\"Cmd\":[\"nginx\"]},"
                + "\"Name\":\"/web\",\"State\":{\"Running\":true,\"Pid\":25754}}");
        DockerState docker = new DockerState(containers);
        assertThat(docker.describe(ID)).isEqualTo(new DockerState.Description("web", "nginx:1.25"));
        assertThat(docker.describe(ID.replace('6', '7'))).as("no state: unknown")
                .isEqualTo(new DockerState.Description(null, null));
        Files.writeString(dir.resolve("config.v2.json"), "{\"Name\":\"/web\", truncated");
        assertThat(docker.describe(ID)).as("unreadable: unknown").isEqualTo(new DockerState.Description(null, null));
    }

    @Test
    void podmanAndCriOStateOnDiskGivesTheNameAndImageWhereReadable(@TempDir Path storage) throws Exception {
        Path json = storage.resolve("containers.json");
        // the fields containers/storage's containers.json holds them in (others elided)
        Files.writeString(json, "[{\"id\":\"" + ID.replace('6', '1') + "\",\"names\":[\"other\"]},"
                + "{\"id\":\"" + ID + "\",\"names\":[\"web\"],\"image\":\"f68d6e55e065\",\"layer\":\"a1\","
                + "\"metadata\":\"{\\\"image-name\\\":\\\"docker.io/library/nginx:1.25\\\",\\\"name\\\":\\\"web\\\"}\"}]");
        ContainersStorageState state = new ContainersStorageState(json);
        assertThat(state.describe(ID)).isEqualTo(new DockerState.Description("web", "docker.io/library/nginx:1.25"));
        assertThat(state.describe(ID.replace('6', '7'))).as("not listed: unknown")
                .isEqualTo(new DockerState.Description(null, null));
        Files.writeString(json, "[{\"id\": truncated");
        assertThat(state.describe(ID)).as("unreadable: unknown").isEqualTo(new DockerState.Description(null, null));
    }
}
