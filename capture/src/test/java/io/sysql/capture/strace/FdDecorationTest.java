package io.sysql.capture.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.FdType;
import org.junit.jupiter.api.Test;

/** Decorations the recorded samples do not show (older kernels, other socket families, deleted files). */
class FdDecorationTest {
    @Test
    void kindsSeenOnOtherKernelsAndFamilies() {
        assertThat(FdDecoration.parse("anon_inode:[pidfd]", false).fdType).isEqualTo(FdType.PIDFD);
        assertThat(FdDecoration.parse("anon_inode:[io_uring]", false).fdType).isEqualTo(FdType.OTHER);

        FdDecoration unknownSocket = FdDecoration.parse("socket:[4242]", false);
        assertThat(unknownSocket.fdType).isEqualTo(FdType.OTHER);
        assertThat(unknownSocket.path).isEqualTo("socket:[4242]");
        assertThat(FdDecoration.parse("PACKET:[77]", false).fdType).isEqualTo(FdType.OTHER);

        FdDecoration udp6 = FdDecoration.parse("UDPv6:[[fe80::1]:53->[2001:db8::2]:5353]", false);
        assertThat(udp6.fdType).isEqualTo(FdType.IPV6);
        assertThat(udp6.l4proto).isEqualTo("udp");
        assertThat(udp6.localIp).isEqualTo("fe80::1");
        assertThat(udp6.localPort).isEqualTo(53);
        assertThat(udp6.remoteIp).isEqualTo("2001:db8::2");
        assertThat(udp6.remotePort).isEqualTo(5353);

        FdDecoration abstractUnix = FdDecoration.parse("UNIX-DGRAM:[1->2,\"@sysql\\x0a\"]", false);
        assertThat(abstractUnix.fdType).isEqualTo(FdType.UNIX);
        assertThat(abstractUnix.path).isEqualTo("@sysql\n");
    }

    @Test
    void deletedFilesKeepTheirMark() {
        FdDecoration deleted = FdDecoration.parse("/tmp/gone \\x3cold\\x3e", true);
        assertThat(deleted.fdType).isEqualTo(FdType.FILE);
        assertThat(deleted.path).isEqualTo("/tmp/gone <old> (deleted)");
    }

    @Test
    void decoratedFdsInsideArguments() {
        FdRef ref = FdRef.parse("7</tmp/a\\x3eb<char 1:3>>(deleted)");
        assertThat(ref.fd).isEqualTo(7);
        assertThat(ref.decoration.path).isEqualTo("/tmp/a>b (deleted)");
        assertThat(FdRef.parse("AT_FDCWD</home/u>").path()).isEqualTo("/home/u");
        assertThat(FdRef.parse("NULL")).isNull();
    }
}
