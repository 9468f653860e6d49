package io.sysql.capture.scap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Args text is the parameters' values, also when text made for earlier events is reused. */
class ArgsFormatterTest {
    private static final ScapEventType PROCINFO = ScapEventType.all()[234];
    private static final ScapEventType CLOSE_ENTER = ScapEventType.all()[4];
    private static final ScapEventType CLOSE_EXIT = ScapEventType.all()[5];

    private final ArgsFormatter formatter = new ArgsFormatter();

    /** Parameters of 8-byte values, as an event writes them: 16-bit lengths, then the values. */
    private static EventParams params(ScapEventType type, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 10).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putShort((short) 8);
        }
        for (long v : values) {
            b.putLong(v);
        }
        EventParams p = new EventParams();
        assertThat(p.locate(b, type, 0, 0, b.capacity(), values.length)).isTrue();
        return p;
    }

    @Test
    void repeatedValuesGiveTheSameTextAndOthersTheirOwn() {
        assertThat(PROCINFO.kind.name()).isEqualTo("procinfo");
        String first = formatter.format(null, params(PROCINFO, 0, 5));
        assertThat(first).isEqualTo("cpu_usr=0 cpu_sys=5");
        assertThat(formatter.format(null, params(PROCINFO, 0, 5))).isSameAs(first);
        assertThat(formatter.format(null, params(PROCINFO, 5, 0))).isEqualTo("cpu_usr=5 cpu_sys=0");
        assertThat(formatter.format(null, params(PROCINFO, 0, 5))).isEqualTo("cpu_usr=0 cpu_sys=5");
    }

    @Test
    void theEnterCountsAsPartOfTheValues() {
        EventParams exit = params(CLOSE_EXIT, 0);
        assertThat(formatter.format(null, exit)).isEqualTo("res=0");
        assertThat(formatter.format(params(CLOSE_ENTER, 3), exit)).isEqualTo("fd=3 res=0");
        assertThat(formatter.format(params(CLOSE_ENTER, 4), exit)).isEqualTo("fd=4 res=0");
        assertThat(formatter.format(null, exit)).isEqualTo("res=0");
    }
}
