package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKind.Arg;
import io.sysql.capture.event.EventKind.Shape;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The calls that move data (the read/write family): the fd, and the first bytes moved. The data is in
 * the argument the row names: a string ({@code read}, {@code sendto}), an iovec array ({@code readv}) or a
 * message header ({@code sendmsg}) whose {@code iov_base} strings are concatenated.
 */
final class DataCalls {
    private DataCalls() {
    }

    private static final String IOV_BASE = "iov_base=";

    static void register(Map<Shape, SyscallDecoder> table) {
        table.put(Shape.DATA, DataCalls::decode);
    }

    private static void decode(Call c, EventKind k, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, k.argIndex(Arg.FD), e);
        if (c.failed() || c.res <= 0) {
            return;
        }
        String buffer = c.arg(k.argIndex(Arg.DATA));
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
