package io.sysql.capture.scap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hand-kept tables line up with the driver's numbering at known anchors. */
class ScapEventTableTest {
    private final ScapEventType[] types = ScapEventType.all();

    @Test
    void eventCodesSitAtTheDriversNumbers() {
        assertThat(types).hasSize(426);
        assertThat(types[3].kind.name()).isEqualTo("open");
        assertThat(types[183].kind.name()).isEqualTo("fork");
        assertThat(types[186].kind.name()).isEqualTo("procexit");
        assertThat(types[186].standalone).isTrue();
        assertThat(types[234].kind.name()).isEqualTo("procinfo");
        assertThat(types[293].index(ParamField.COMM)).isEqualTo(13);
        assertThat(types[321].kind.name()).isEqualTo("userfaultfd");
        assertThat(types[322].largePayload).isTrue();
        assertThat(types[326].kind.name()).isEqualTo("openat2");
        assertThat(types[351].kind.name()).isEqualTo("munlockall");
        assertThat(types[363].index(ParamField.NEWFD)).isEqualTo(2);
        assertThat(types[391].kind.name()).isEqualTo("umount2");
        assertThat(types[393].kind.name()).isEqualTo("pipe2");
        assertThat(types[409].kind.name()).isEqualTo("pidfd_open");
        assertThat(types[425].kind.name()).isEqualTo("delete_module");
        // accept4's older event versions read as the call they record (its flags), as current libsinsp names them
        assertThat(types[56].kind.name()).isEqualTo("accept4");
        for (ScapEventType t : types) {
            if (t.kind.name().equals("accept")) {
                assertThat(t.index(ParamField.FLAGS)).as("code %d", t.code).isNegative();
            }
        }
        for (ScapEventType t : types) {
            if (!t.standalone && !t.isUnused()) {
                assertThat(t.enter).as("code %d", t.code).isEqualTo(t.code % 2 == 0);
            }
        }
    }

    @Test
    void syscallCodesSitAtTheDriversNumbers() {
        assertThat(SyscallNames.count()).isEqualTo(396);
        assertThat(SyscallNames.of(3)).isEqualTo("read");
        assertThat(SyscallNames.of(176)).isEqualTo("clock_gettime");
        assertThat(SyscallNames.of(296)).isEqualTo("arch_prctl");
        assertThat(SyscallNames.of(392)).isEqualTo("close_range");
        assertThat(SyscallNames.of(395)).isEqualTo("send");
        assertThat(SyscallNames.of(9999)).isEqualTo("syscall");
        assertThat(SyscallNames.ofNative(221)).isEqualTo("fadvise64");
        assertThat(SyscallNames.ofNative(0)).isEqualTo("read");
    }
}
