package io.sysql.storage.history;

import io.sysql.capture.event.FdType;
import io.sysql.storage.CaptureFiles;
import io.sysql.storage.Crc32c;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Persists a {@link HistoryIndex} beside the journal so that opening a capture does not replay it.
 * Strings are written once and referenced afterwards (names repeat in every fd version). The file ends with
 * the CRC-32C of all before it: a damaged file is refused (and the index rebuilt from the journal) rather
 * than read as other processes and fds; the journal position it covers is {@link HistoryIndex#lastNum()}.
 */
public final class HistoryIndexFile {
    public static final String FILE_NAME = "history.idx";
    private static final int MAGIC = 0x53514849; // "SQHI"
    /** 3: a CRC-32C of everything before it ends the file. */
    private static final int VERSION = 4;

    private HistoryIndexFile() {
    }

    public static void write(HistoryIndex index, Path file) throws IOException {
        CaptureFiles.replace(file, channel -> {
            Out out = new Out(channel);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(index.lastNum());
            out.writeLong(index.firstTs());
            out.writeLong(index.lastTs());
            int samples = index.sampleCount();
            out.writeInt(samples);
            for (int i = 0; i < samples; i++) {
                out.writeLong(index.tsSamples()[i]);
            }
            out.writeInt(index.users().size());
            for (HistoryIndex.UserEntry u : index.users().values()) {
                out.writeInt(u.uid());
                out.writeInt(u.gid());
                out.string(u.name());
                out.string(u.home());
                out.string(u.shell());
            }
            out.writeInt(index.groups().size());
            for (Map.Entry<Integer, String> g : index.groups().entrySet()) {
                out.writeInt(g.getKey());
                out.string(g.getValue());
            }
            writeList(out, index.processes(), HistoryIndexFile::writeProcess);
            writeList(out, index.threads(), HistoryIndexFile::writeThread);
            writeList(out, index.fds(), HistoryIndexFile::writeFd);
            writeList(out, index.containers(), HistoryIndexFile::writeContainer);
            out.finish();
        });
    }

    /** Reads the index in {@code file}; an IOException when it is damaged or of another format. */
    public static HistoryIndex read(Path file) throws IOException {
        ByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < Integer.BYTES || Crc32c.of(channel, 0, size - Integer.BYTES)
                    != channel.map(FileChannel.MapMode.READ_ONLY, size - Integer.BYTES, Integer.BYTES).getInt()) {
                throw new IOException("damaged history index (checksum mismatch): " + file);
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size - Integer.BYTES);
        }
        try {
            return read(new In(mapped), file);
        } catch (BufferUnderflowException e) {
            throw new IOException("truncated history index: " + file, e);
        }
    }

    private static HistoryIndex read(In in, Path file) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a sysql history index (or an older format): " + file);
        }
        HistoryIndex index = new HistoryIndex();
        long lastNum = in.readLong();
        long firstTs = in.readLong();
        long lastTs = in.readLong();
        long[] samples = new long[in.readInt()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = in.readLong();
        }
        index.restoreClock(samples, lastNum, firstTs, lastTs);
        for (int i = in.readInt(); i > 0; i--) {
            HistoryIndex.UserEntry u = new HistoryIndex.UserEntry(in.readInt(), in.readInt(), in.string(),
                    in.string(), in.string());
            index.users().put(u.uid(), u);
        }
        for (int i = in.readInt(); i > 0; i--) {
            index.groups().put(in.readInt(), in.string());
        }
        readList(in, index.processes(), HistoryIndexFile::readProcess);
        readList(in, index.threads(), HistoryIndexFile::readThread);
        readList(in, index.fds(), HistoryIndexFile::readFd);
        readList(in, index.containers(), HistoryIndexFile::readContainer);
        return index;
    }

    private interface Writer<V> {
        void write(Out out, V v) throws IOException;
    }

    private interface Reader<V> {
        V read(In in, long fromNum, long fromTs) throws IOException;
    }

    private static <V extends Version> void writeList(Out out, VersionList<V> list, Writer<V> writer)
            throws IOException {
        out.writeInt(list.size());
        for (V v : list.all()) {
            out.writeLong(v.validFromNum);
            out.writeLong(v.validFromTs);
            out.writeLong(v.validToNum);
            out.writeLong(v.validToTs);
            writer.write(out, v);
        }
        out.writeInt(list.checkpointCount());
        for (int i = 0; i < list.checkpointCount(); i++) {
            out.writeLong(list.checkpointNum(i));
            int[] open = list.checkpointOpen(i);
            out.writeInt(open.length);
            for (int index : open) {
                out.writeInt(index);
            }
        }
        out.writeInt(list.openedSinceCheckpoint());
    }

    private static <V extends Version> void readList(In in, VersionList<V> list, Reader<V> reader)
            throws IOException {
        int n = in.readInt();
        List<V> versions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long fromNum = in.readLong();
            long fromTs = in.readLong();
            long toNum = in.readLong();
            long toTs = in.readLong();
            V v = reader.read(in, fromNum, fromTs);
            v.restoreEnd(toNum, toTs);
            versions.add(v);
        }
        int cps = in.readInt();
        long[] nums = new long[cps];
        int[][] open = new int[cps][];
        for (int i = 0; i < cps; i++) {
            nums[i] = in.readLong();
            open[i] = new int[in.readInt()];
            for (int j = 0; j < open[i].length; j++) {
                open[i][j] = in.readInt();
            }
        }
        list.restore(versions, nums, open, cps, in.readInt());
    }

    private static void writeProcess(Out o, ProcessRow p) throws IOException {
        o.writeLong(p.upid);
        o.writeInt(p.pid);
        o.writeInt(p.ppid);
        o.writeLong(p.parentUpid);
        o.string(p.name);
        o.string(p.exe);
        o.string(p.args);
        o.string(p.cwd);
        o.writeInt(p.uid);
        o.string(p.userName);
        o.writeInt(p.gid);
        o.string(p.groupName);
        o.writeLong(p.startTs);
        o.writeLong(p.exitTs);
        o.writeInt(p.exitCode);
        o.writeInt(p.exitSignal);
        o.writeBoolean(p.exited);
        o.writeLong(p.vmSizeKb);
        o.writeLong(p.vmRssKb);
        o.writeLong(p.fdLimit);
        o.writeInt(p.vpid);
        o.string(p.containerId);
        o.string(p.containerName);
        o.string(p.containerImage);
        o.writeLong(p.cpuUserNs);
        o.writeLong(p.cpuSystemNs);
    }

    private static ProcessRow readProcess(In i, long fromNum, long fromTs) throws IOException {
        return new ProcessRow(fromNum, fromTs, i.readLong(), i.readInt(), i.readInt(), i.readLong(), i.string(),
                i.string(), i.string(), i.string(), i.readInt(), i.string(), i.readInt(), i.string(), i.readLong(),
                i.readLong(), i.readInt(), i.readInt(), i.readBoolean(), i.readLong(), i.readLong(), i.readLong(),
                i.readInt(), i.string(), i.string(), i.string(), i.readLong(), i.readLong());
    }

    private static void writeThread(Out o, ThreadRow t) throws IOException {
        o.writeLong(t.utid);
        o.writeInt(t.tid);
        o.writeInt(t.pid);
        o.writeLong(t.upid);
        o.string(t.name);
        o.writeLong(t.startTs);
        o.writeLong(t.exitTs);
        o.writeBoolean(t.exited);
        o.writeInt(t.vtid);
        o.writeLong(t.cpuUserNs);
        o.writeLong(t.cpuSystemNs);
    }

    private static ThreadRow readThread(In i, long fromNum, long fromTs) throws IOException {
        return new ThreadRow(fromNum, fromTs, i.readLong(), i.readInt(), i.readInt(), i.readLong(), i.string(),
                i.readLong(), i.readLong(), i.readBoolean(), i.readInt(), i.readLong(), i.readLong());
    }

    private static void writeContainer(Out o, ContainerRow c) throws IOException {
        o.writeLong(c.ucid);
        o.string(c.id);
        o.string(c.name);
        o.string(c.image);
        o.string(c.runtime);
        o.writeLong(c.firstSeenTs);
        o.writeLong(c.lastSeenTs);
    }

    private static ContainerRow readContainer(In i, long fromNum, long fromTs) throws IOException {
        return new ContainerRow(fromNum, fromTs, i.readLong(), i.string(), i.string(), i.string(), i.string(),
                i.readLong(), i.readLong());
    }

    private static void writeFd(Out o, FdRow f) throws IOException {
        o.writeLong(f.ufd);
        o.writeLong(f.upid);
        o.writeInt(f.pid);
        o.string(f.procName);
        o.writeInt(f.fd);
        o.writeByte(f.type.ordinal());
        o.string(f.name);
        o.writeLong(f.flags);
        o.writeInt(f.sockFamily);
        o.string(f.l4proto);
        o.writeBoolean(f.isServer);
        o.string(f.localIp);
        o.writeInt(f.localPort);
        o.string(f.remoteIp);
        o.writeInt(f.remotePort);
        o.string(f.sockState);
        o.writeLong(f.openedNum);
        o.writeLong(f.openedTs);
    }

    private static FdRow readFd(In i, long fromNum, long fromTs) throws IOException {
        return new FdRow(fromNum, fromTs, i.readLong(), i.readLong(), i.readInt(), i.string(), i.readInt(),
                FdType.ofOrdinal(i.readByte()), i.string(), i.readLong(), i.readInt(), i.string(),
                i.readBoolean(), i.string(), i.readInt(), i.string(), i.readInt(), i.string(), i.readLong(),
                i.readLong());
    }

    /**
     * Big-endian primitives into a buffer flushed to the file when full: the layout {@link In} reads from
     * the mapped file. Shifts into a byte array rather than a {@code ByteBuffer}, because the index is
     * written once, at the end of a recording, mostly by the interpreter, where each of a buffer's nested
     * calls per field costs more than the shifts. Strings: 0 = null, k > 0 = the k-th string defined so
     * far, -1 = a new string follows.
     */
    private static final class Out {
        private final Map<String, Integer> ids = new HashMap<>();
        private final byte[] buf = new byte[1 << 20];
        private int pos;
        private final FileChannel channel;

        Out(FileChannel channel) {
            this.channel = channel;
        }

        private final CRC32C crc = new CRC32C();

        private void flush() throws IOException {
            crc.update(buf, 0, pos);
            ByteBuffer out = ByteBuffer.wrap(buf, 0, pos);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            pos = 0;
        }

        /** Writes what is buffered, then the checksum of the whole file. */
        void finish() throws IOException {
            flush();
            writeInt((int) crc.getValue());
            ByteBuffer out = ByteBuffer.wrap(buf, 0, pos);
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        void writeInt(int v) throws IOException {
            if (pos > buf.length - 4) {
                flush();
            }
            byte[] b = buf;
            int p = pos;
            b[p] = (byte) (v >>> 24);
            b[p + 1] = (byte) (v >>> 16);
            b[p + 2] = (byte) (v >>> 8);
            b[p + 3] = (byte) v;
            pos = p + 4;
        }

        void writeLong(long v) throws IOException {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeByte(int v) throws IOException {
            if (pos == buf.length) {
                flush();
            }
            buf[pos++] = (byte) v;
        }

        void writeBoolean(boolean v) throws IOException {
            writeByte(v ? 1 : 0);
        }

        void string(String s) throws IOException {
            if (s == null) {
                writeInt(0);
                return;
            }
            Integer id = ids.get(s);
            if (id != null) {
                writeInt(id);
                return;
            }
            ids.put(s, ids.size() + 1);
            writeInt(-1);
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            writeInt(bytes.length);
            for (int at = 0; at < bytes.length; ) {
                if (pos == buf.length) {
                    flush();
                }
                int n = Math.min(buf.length - pos, bytes.length - at);
                System.arraycopy(bytes, at, buf, pos, n);
                pos += n;
                at += n;
            }
        }
    }

    /** Reads what {@link Out} wrote, from the mapped file; running past its end underflows. */
    private static final class In {
        private final List<String> strings = new ArrayList<>();
        private final ByteBuffer buf;

        In(ByteBuffer buf) {
            this.buf = buf;
        }

        int readInt() {
            return buf.getInt();
        }

        long readLong() {
            return buf.getLong();
        }

        byte readByte() {
            return buf.get();
        }

        boolean readBoolean() {
            return buf.get() != 0;
        }

        String string() {
            int ref = readInt();
            if (ref == 0) {
                return null;
            }
            if (ref > 0) {
                return strings.get(ref - 1);
            }
            byte[] bytes = new byte[readInt()];
            buf.get(bytes);
            String s = new String(bytes, StandardCharsets.UTF_8);
            strings.add(s);
            return s;
        }
    }
}
