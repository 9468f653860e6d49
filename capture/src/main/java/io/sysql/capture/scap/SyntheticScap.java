package io.sysql.capture.scap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a synthetic scap capture: a section header, machine info, then rounds of what a busy service
 * does (files opened, read, mapped and closed, a connection made and used, processes forked, exec'd and
 * gone), in both event block layouts (with and without a parameter count). Each event's parameters follow
 * the event table, so the reader decodes them as it decodes a real capture.
 *
 * <p>The launcher trains the JIT profile it gives {@code import} on such a capture (the repository holds no
 * real one), so it must exercise the same paths a real import takes.
 */
public final class SyntheticScap {
    private static final int FORK_EVERY = 16;
    private static final int WORKERS = 8;
    private static final long START_TS = 1_700_000_000_000_000_000L;
    private static final byte[] DATA = "GET /index.html HTTP/1.1\r\nHost: localhost\r\nUser-Agent: synthetic\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER = {127, 0, 0, 1};

    private final ScapEventType[] types = ScapEventType.all();
    private final OutputStream out;
    private final ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, ScapEventType> latest = new HashMap<>();
    private long ts = START_TS;
    private boolean withParamCount;
    private int events;

    private SyntheticScap(OutputStream out) {
        this.out = out;
    }

    /** Writes {@code rounds} rounds of 26 events (31 every 16th); returns the number of events written. */
    public static int write(Path file, int rounds) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            SyntheticScap w = new SyntheticScap(out);
            w.sectionHeader();
            w.machineInfo();
            for (int r = 0; r < rounds; r++) {
                w.round(r);
            }
            return w.events;
        }
    }

    private void round(int r) throws IOException {
        withParamCount = (r & 1) == 0;
        int pid = 1000 + r % WORKERS;
        int fd = 3 + r % 13;
        int sock = 20 + r % 7;
        standalone(pid, "procinfo", "cpu_usr", (long) r, "cpu_sys", (long) r / 2);
        syscall(pid, "open", "name", "/var/lib/synthetic/table-" + r % 97 + ".db", "flags", 1L, "mode", 0L,
                "fd", (long) fd, "res", (long) fd);
        syscall(pid, "fstat", "fd", (long) fd, "res", 0L);
        syscall(pid, "mmap", "addr", 0L, "length", 4096L, "prot", 1L, "flags", 2L, "fd", (long) fd,
                "res", 0x7f0000000000L + r * 4096L, "vm_size", 20_000L + r % 50, "vm_rss", 9_000L);
        syscall(pid, "read", "fd", (long) fd, "size", 4096L, "res", (long) DATA.length, "data", DATA);
        syscall(pid, "read", "fd", (long) fd, "size", 4096L, "res", 0L);
        syscall(pid, "close", "fd", (long) fd, "res", 0L);
        syscall(pid, "socket", "domain", 2L, "type", 1L, "proto", 0L, "fd", (long) sock);
        byte[] server = sockaddr(8080);
        byte[] tuple = tuple(40000 + r % 20000, 8080);
        syscall(pid, "connect", "fd", (long) sock, "addr", server, "res", 0L, "tuple", tuple);
        syscall(pid, "sendto", "fd", (long) sock, "size", (long) DATA.length, "res", (long) DATA.length,
                "data", DATA);
        syscall(pid, "recvfrom", "fd", (long) sock, "size", 4096L, "res", (long) DATA.length, "data", DATA,
                "tuple", tuple);
        syscall(pid, "write", "fd", 1L, "size", 12L, "res", 12L, "data", Arrays.copyOf(DATA, 12));
        syscall(pid, "close", "fd", (long) sock, "res", 0L);
        standalone(pid, "switch", "next", (long) 1000 + (r + 1) % WORKERS);
        if (r % FORK_EVERY == FORK_EVERY - 1) {
            forkExecExit(pid, 50_000 + r);
        }
    }

    /** A child forked by {@code parent} that execs and exits. */
    private void forkExecExit(int parent, int child) throws IOException {
        Object[] proc = {"exe", "/usr/bin/synthetic-worker", "args", "--serve\0".getBytes(StandardCharsets.UTF_8),
                "ptid", (long) parent, "cwd", "/srv", "fdlimit", 1024L, "vm_size", 10_000L, "vm_rss", 4_000L,
                "comm", "synthetic-worke", "uid", 1000L, "gid", 1000L, "flags", 0L};
        syscall(parent, "clone", with(proc, "res", (long) child, "tid", (long) parent, "pid", (long) parent));
        exitOnly(child, "clone", with(proc, "res", 0L, "tid", (long) child, "pid", (long) child));
        syscall(child, "execve", with(proc, "filename", "/usr/bin/synthetic-worker", "res", 0L,
                "tid", (long) child, "pid", (long) child, "exe", "/usr/bin/synthetic-worker"));
        standalone(child, "procexit", "status", 0L, "ret", 0L, "sig", 0L, "core", 0L);
    }

    private static Object[] with(Object[] base, Object... more) {
        Object[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private void syscall(int tid, String name, Object... nameValues) throws IOException {
        put(nameValues);
        event(latest(name, true), tid);
        event(latest(name, false), tid);
    }

    /** A syscall's exit without its enter: a child's own return from clone. */
    private void exitOnly(int tid, String name, Object... nameValues) throws IOException {
        put(nameValues);
        event(latest(name, false), tid);
    }

    private void standalone(int tid, String name, Object... nameValues) throws IOException {
        put(nameValues);
        event(latest(name, false), tid);
    }

    private void put(Object[] nameValues) {
        values.clear();
        for (int i = 0; i < nameValues.length; i += 2) {
            values.put((String) nameValues[i], nameValues[i + 1]);
        }
    }

    /** The newest layout of an event: codes are only ever appended, so the last one with that name. */
    private ScapEventType latest(String name, boolean enter) {
        return latest.computeIfAbsent(name + (enter ? ">" : "<"), k -> findLatest(name, enter));
    }

    private ScapEventType findLatest(String name, boolean enter) {
        for (int code = types.length - 1; code >= 0; code--) {
            ScapEventType t = types[code];
            if (t.name.equals(name) && (t.standalone || t.enter == enter)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no event " + name + " in the event table");
    }

    private void event(ScapEventType type, int tid) throws IOException {
        int n = type.paramNames.length;
        byte[][] params = new byte[n][];
        int valueBytes = 0;
        for (int i = 0; i < n; i++) {
            params[i] = encode(type.paramKinds[i], values.get(type.paramNames[i]));
            valueBytes += params[i].length;
        }
        int headerLength = withParamCount ? 26 : 22;
        int lengthBytes = type.largePayload ? 4 : 2;
        block.clear();
        block.putShort((short) 0); // cpu
        block.putLong(ts += 1_000);
        block.putLong(tid);
        block.putInt(headerLength + n * lengthBytes + valueBytes);
        block.putShort((short) type.code);
        if (withParamCount) {
            block.putInt(n);
        }
        for (byte[] p : params) {
            if (type.largePayload) {
                block.putInt(p.length);
            } else {
                block.putShort((short) p.length);
            }
        }
        for (byte[] p : params) {
            block.put(p);
        }
        writeBlock(withParamCount ? ScapBlockType.EVENT_V2 : ScapBlockType.EVENT);
        events++;
    }

    private static byte[] encode(char kind, Object value) {
        switch (kind) {
            case ScapEventType.INTEGER:
                return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(value == null ? 0 : (Long) value).array();
            case 's':
                byte[] text = (value == null ? "" : (String) value).getBytes(StandardCharsets.UTF_8);
                return Arrays.copyOf(text, text.length + 1);
            default: // bytes, addresses, tuples: written as given
                return value == null ? new byte[0] : (byte[]) value;
        }
    }

    private static byte[] sockaddr(int port) {
        return ByteBuffer.allocate(7).order(ByteOrder.LITTLE_ENDIAN).put((byte) SocketAddresses.AF_INET)
                .put(SERVER).putShort((short) port).array();
    }

    private static byte[] tuple(int clientPort, int serverPort) {
        return ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN).put((byte) SocketAddresses.AF_INET)
                .put(SERVER).putShort((short) clientPort).put(SERVER).putShort((short) serverPort).array();
    }

    private void sectionHeader() throws IOException {
        block.clear();
        block.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 2).putLong(-1);
        writeBlock(ScapBlockType.SECTION_HEADER);
    }

    private void machineInfo() throws IOException {
        block.clear();
        block.putInt(2).putLong(24L << 30).putLong(4_194_304);
        block.put(Arrays.copyOf("synthetic".getBytes(StandardCharsets.US_ASCII), 128));
        block.putLong(START_TS - 3_600_000_000_000L);
        writeBlock(ScapBlockType.MACHINE_INFO);
    }

    /** type, total length, the body padded to 4 bytes, the total length again. */
    private void writeBlock(int type) throws IOException {
        int body = block.position();
        int padded = (body + 3) & ~3;
        int total = 8 + padded + 4;
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(total);
        out.write(head.array());
        out.write(block.array(), 0, body);
        out.write(new byte[padded - body]);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(total).array());
    }
}
