package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventTypes;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The read/write family (EventTypes.DATA_MOVING): the fd, and the first bytes moved. The data is always
 * the second argument: a string ({@code read}, {@code sendto}), an iovec array ({@code readv}) or a
 * message header ({@code sendmsg}) whose {@code iov_base} strings are concatenated.
 */
final class DataCalls {
    private DataCalls() {
    }

    private static final String IOV_BASE = "iov_base=";

    static void register(Map<String, SyscallDecoder> table) {
        for (String name : EventTypes.DATA_MOVING) {
            table.put(name, DataCalls::decode);
        }
    }

    private static void decode(Call c, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, 0, e);
        if (c.failed() || c.res <= 0) {
            return;
        }
        String buffer = c.arg(1);
        if (buffer == null) {
            return;
        }
        byte[] bytes = buffer.startsWith("\"") ? EscapedString.read(buffer, 0).bytes : iovecs(buffer);
        long moved = c.name.endsWith("mmsg") ? Long.MAX_VALUE : c.res; // *mmsg return a message count
        int keep = (int) Math.min(Math.min(ctx.snaplen, moved), bytes.length);
        e.data = keep == bytes.length ? bytes : Arrays.copyOf(bytes, keep);
    }

    private static byte[] iovecs(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while ((at = text.indexOf(IOV_BASE + "\"", at)) >= 0) {
            EscapedString s = EscapedString.read(text, at + IOV_BASE.length());
            out.write(s.bytes, 0, s.bytes.length);
            at = s.end;
        }
        return out.toByteArray();
    }
}
