package io.sysql.capture.strace;

import java.util.HashMap;
import java.util.Map;

/**
 * The decoder of each call this source understands, by name. A call without one is kept with its raw
 * arguments, and with the fd it acts on when its first argument is a decorated fd.
 */
final class Decoders {
    private Decoders() {
    }

    private static final Map<String, SyscallDecoder> TABLE = new HashMap<>();

    static {
        FileCalls.register(TABLE);
        FdCalls.register(TABLE);
        SocketCalls.register(TABLE);
        ProcessCalls.register(TABLE);
        DataCalls.register(TABLE);
    }

    private static final SyscallDecoder OTHER = (c, e, ctx) -> {
        FdRef first = c.fd(0);
        if (first != null && first.decoration != null && first.fd >= 0) {
            e.fd = first.fd;
            first.decoration.applyTo(e);
        }
    };

    static SyscallDecoder forCall(String name) {
        return TABLE.getOrDefault(name, OTHER);
    }
}
