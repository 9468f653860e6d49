package io.sysql.capture.strace;

import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKind.Shape;
import java.util.EnumMap;
import java.util.Map;

/**
 * The decoder of each {@link Shape} of call this source understands. A call of another shape is kept with
 * its raw arguments, and with the fd it acts on when its first argument is a decorated fd.
 */
final class Decoders {
    private Decoders() {
    }

    private static final Map<Shape, SyscallDecoder> BY_SHAPE = new EnumMap<>(Shape.class);

    static {
        FileCalls.register(BY_SHAPE);
        FdCalls.register(BY_SHAPE);
        SocketCalls.register(BY_SHAPE);
        ProcessCalls.register(BY_SHAPE);
        DataCalls.register(BY_SHAPE);
    }

    private static final SyscallDecoder OTHER = (c, k, e, ctx) -> {
        FdRef first = c.fd(0);
        if (first != null && first.decoration != null && first.fd >= 0) {
            e.fd = first.fd;
            first.decoration.applyTo(e);
        }
    };

    static SyscallDecoder of(EventKind kind) {
        return BY_SHAPE.getOrDefault(kind.shape(), OTHER);
    }
}
