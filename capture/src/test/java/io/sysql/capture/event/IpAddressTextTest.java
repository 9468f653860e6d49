package io.sysql.capture.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IpAddressTextTest {
    private static String v6(String address) throws Exception {
        return IpText.ipv6(ByteBuffer.wrap(InetAddress.getByName(address).getAddress()), 0);
    }

    @Test
    void printsIpv6AsSsDoes() throws Exception {
        assertThat(v6("::1")).isEqualTo("::1");
        assertThat(v6("::")).isEqualTo("::");
        assertThat(v6("fe80::1:2:3:4")).isEqualTo("fe80::1:2:3:4");
        assertThat(v6("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(v6("1::")).isEqualTo("1::");
        assertThat(v6("1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(v6("1:0:2:3:4:5:6:7")).as("a single zero group stays").isEqualTo("1:0:2:3:4:5:6:7");
    }

    @Test
    void printsIpv4MappedIpv6Dotted() {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        assertThat(IpText.ipv6(ByteBuffer.wrap(mapped), 0)).isEqualTo("::ffff:10.0.0.1");
    }

    @Test
    void printsIpv4Dotted() {
        assertThat(IpText.ipv4(ByteBuffer.wrap(new byte[] {127, 0, 0, 1}), 0)).isEqualTo("127.0.0.1");
        assertThat(IpText.ipv4(ByteBuffer.wrap(new byte[] {(byte) 192, (byte) 168, 1, (byte) 254}), 0))
                .isEqualTo("192.168.1.254");
    }
}
