package io.sysql.capture.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses as /proc/net prints them (words in host byte order) become the text ss and RFC 5952 use. */
class IpProcHexTest {

    /** What the kernel prints for an address: each 32-bit word as hex of its in-memory value. */
    private static String procHex(String ip) throws Exception {
        byte[] b = InetAddress.getByName(ip).getAddress();
        if (ip.contains(":") && b.length == 4) { // Java turns an IPv4-mapped address into the IPv4 one
            b = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, b[0], b[1], b[2], b[3]};
        }
        StringBuilder hex = new StringBuilder();
        for (int w = 0; w < b.length; w += 4) {
            int v = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                    ? (b[w] & 0xff) | (b[w + 1] & 0xff) << 8 | (b[w + 2] & 0xff) << 16 | (b[w + 3] & 0xff) << 24
                    : (b[w] & 0xff) << 24 | (b[w + 1] & 0xff) << 16 | (b[w + 2] & 0xff) << 8 | (b[w + 3] & 0xff);
            hex.append(String.format("%08X", v));
        }
        return hex.toString();
    }

    @Test
    void loopbackAsTheKernelPrintsIt() {
        assertThat(IpText.fromProcHex("0100007F")).isEqualTo("127.0.0.1");
        assertThat(IpText.fromProcHex("00000000000000000000000001000000")).isEqualTo("::1");
    }

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, 0.0.0.0",
        "192.168.1.20, 192.168.1.20",
        "::, ::",
        "::1, ::1",
        "0:0:0:0:0:ffff:7f00:1, ::ffff:127.0.0.1",
        "2001:0db8:0:0:0:0:0:1, 2001:db8::1",
        "1:0:0:1:0:0:0:1, 1:0:0:1::1",
        "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
        "fe80:0:0:0:1:2:3:4, fe80::1:2:3:4",
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
    })
    void textIsTheCanonicalForm(String address, String text) throws Exception {
        assertThat(IpText.fromProcHex(procHex(address))).isEqualTo(text);
        assertThat(InetAddress.getByName(text)).isEqualTo(InetAddress.getByName(address));
    }
}
