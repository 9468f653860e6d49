package io.sysql.capture.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpTextCacheTest {
    private final IpTextCache cache = new IpTextCache();

    @Test
    void repeatedAddressIsTheSameInstance() {
        ByteBuffer a = ByteBuffer.wrap(new byte[] {127, 0, 0, 1});
        ByteBuffer b = ByteBuffer.wrap(new byte[] {9, 9, 127, 0, 0, 1}); // same address, elsewhere
        String first = cache.ipv4(a, 0);
        assertThat(first).isEqualTo("127.0.0.1");
        assertThat(cache.ipv4(b, 2)).isSameAs(first);
    }

    @Test
    void everyAddressReadsAsIpTextSpellsIt() {
        // many more addresses than slots, each seen twice in a row and again later: evictions and
        // collisions must never hand out another address's text
        Random random = new Random(42);
        byte[][] v4 = new byte[2000][4];
        byte[][] v6 = new byte[2000][16];
        for (int i = 0; i < v4.length; i++) {
            random.nextBytes(v4[i]);
            random.nextBytes(v6[i]);
            if (i % 7 == 0) {
                v6[i] = mapped(10, 0, 0, i % 250);
            }
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < v4.length; i++) {
                for (int twice = 0; twice < 2; twice++) {
                    assertThat(cache.ipv4(ByteBuffer.wrap(v4[i]), 0)).isEqualTo(IpText.ipv4(ByteBuffer.wrap(v4[i]), 0));
                    assertThat(cache.ipv6(ByteBuffer.wrap(v6[i]), 0)).isEqualTo(IpText.ipv6(ByteBuffer.wrap(v6[i]), 0));
                }
            }
        }
    }

    @Test
    void zeroAddressesAreNotMistakenForEmptySlots() {
        assertThat(cache.ipv4(ByteBuffer.wrap(new byte[4]), 0)).isEqualTo("0.0.0.0");
        assertThat(cache.ipv6(ByteBuffer.wrap(new byte[16]), 0)).isEqualTo("::");
    }

    private static byte[] mapped(int a, int b, int c, int d) {
        return new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
    }
}
