package io.sysql.storage.history;

import io.sysql.capture.event.FdType;
import io.sysql.storage.CaptureFiles;
import io.sysql.storage.Crc32c;

import java.io.IOException;
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
 * Strings are kept once, in a table at the end of the file, and fields refer to them by number (names
 * repeat in every fd version); so every version of a list takes the same bytes and is found by its position.
 * Opening reads the checkpoints and where each version ends (which are still open); a version is decoded
 * when a question reaches it (see {@link VersionList}), so the state at one point costs the versions valid
 * then, not the capture's history. The file ends with the CRC-32C of all
 * before it: a damaged file is refused (and the index rebuilt from the journal) rather than read as other
 * processes and fds; the journal position it covers is {@link HistoryIndex#lastNum()}.
 */
public final class HistoryIndexFile {
    public static final String FILE_NAME = "history.idx";
    private static final int MAGIC = 0x53514849; // "SQHI"
    /** 5: strings in a table at the end, versions of a fixed size per list. */
    private static final int VERSION = 5;
    /** A version's bounds before its fields: valid from num and ts, valid to num and ts. */
    private static final int BOUNDS_BYTES = 32;
    private static final int PROCESS_BYTES = BOUNDS_BYTES + 137;
    private static final int THREAD_BYTES = BOUNDS_BYTES + 65;
    private static final int FD_BYTES = BOUNDS_BYTES + 86;
    private static final int CONTAINER_BYTES = BOUNDS_BYTES + 40;

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
            writeList(out, index.processes(), PROCESS_BYTES, HistoryIndexFile::writeProcess);
            writeList(out, index.threads(), THREAD_BYTES, HistoryIndexFile::writeThread);
            writeList(out, index.fds(), FD_BYTES, HistoryIndexFile::writeFd);
            writeList(out, index.containers(), CONTAINER_BYTES, HistoryIndexFile::writeContainer);
            out.finish();
        });
    }

    /**
     * Reads the index in {@code file}; an IOException when it is damaged or of another format. Its checksum is
     * read with plain reads, then the file is mapped: versions are decoded from the mapping when reached, as
     * the journal's events are (a file changed in place afterwards is as unseen as a journal changed so).
     */
    public static HistoryIndex read(Path file) throws IOException {
        ByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < Integer.BYTES || size > Integer.MAX_VALUE || Crc32c.of(channel, 0, size - Integer.BYTES)
                    != channel.map(FileChannel.MapMode.READ_ONLY, size - Integer.BYTES, Integer.BYTES).getInt()) {
                throw new IOException("damaged history index (checksum mismatch): " + file);
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size - Integer.BYTES);
        }
        try {
            return read(mapped, file);
        } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IOException("truncated history index: " + file, e);
        }
    }

    private static HistoryIndex read(ByteBuffer buf, Path file) throws IOException {
        if (buf.limit() < 2 * Integer.BYTES + Long.BYTES || buf.getInt(0) != MAGIC || buf.getInt(Integer.BYTES) != VERSION) {
            throw new IOException("not a sysql history index (or an older format): " + file);
        }
        In in = new In(buf, new Strings(buf, (int) buf.getLong(buf.limit() - Long.BYTES)), 2 * Integer.BYTES);
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
        readList(in, index.processes(), PROCESS_BYTES, HistoryIndexFile::readProcess);
        readList(in, index.threads(), THREAD_BYTES, HistoryIndexFile::readThread);
        readList(in, index.fds(), FD_BYTES, HistoryIndexFile::readFd);
        readList(in, index.containers(), CONTAINER_BYTES, HistoryIndexFile::readContainer);
        return index;
    }

    private interface Writer<V> {
        void write(Out out, V v) throws IOException;
    }

    private interface Reader<V> {
        V read(In in, long fromNum, long fromTs);
    }

    private static <V extends Version> void writeList(Out out, VersionList<V> list, int versionBytes, Writer<V> writer)
            throws IOException {
        out.writeInt(list.size());
        for (V v : list.all()) {
            long start = out.position();
            out.writeLong(v.validFromNum);
            out.writeLong(v.validFromTs);
            out.writeLong(v.validToNum);
            out.writeLong(v.validToTs);
            writer.write(out, v);
            if (out.position() - start != versionBytes) {
                throw new IllegalStateException(v.getClass().getSimpleName() + " written in " + (out.position() - start)
                        + " bytes, not " + versionBytes);
            }
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

    private static <V extends Version> void readList(In in, VersionList<V> list, int versionBytes, Reader<V> reader) {
        int n = in.readInt();
        int first = in.skip((long) n * versionBytes);
        StoredVersions<V> versions = new StoredVersions<>(in, first, versionBytes, n, reader);
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

    private static ProcessRow readProcess(In i, long fromNum, long fromTs) {
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

    private static ThreadRow readThread(In i, long fromNum, long fromTs) {
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

    private static ContainerRow readContainer(In i, long fromNum, long fromTs) {
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

    private static FdRow readFd(In i, long fromNum, long fromTs) {
        return new FdRow(fromNum, fromTs, i.readLong(), i.readLong(), i.readInt(), i.string(), i.readInt(),
                FdType.ofOrdinal(i.readByte()), i.string(), i.readLong(), i.readInt(), i.string(),
                i.readBoolean(), i.string(), i.readInt(), i.string(), i.readInt(), i.string(), i.readLong(),
                i.readLong());
    }

    /**
     * The versions of one list as stored: {@code count} records of {@code versionBytes} from {@code first},
     * each starting with its bounds. Decoding reads the record where it lies.
     */
    private static final class StoredVersions<V extends Version> implements VersionList.Stored<V> {
        private final In in;
        private final int first;
        private final int versionBytes;
        private final int count;
        private final Reader<V> reader;

        StoredVersions(In in, int first, int versionBytes, int count, Reader<V> reader) {
            this.in = in;
            this.first = first;
            this.versionBytes = versionBytes;
            this.count = count;
            this.reader = reader;
        }

        @Override
        public int size() {
            return count;
        }

        private int at(int i) {
            return first + i * versionBytes;
        }

        @Override
        public long fromNum(int i) {
            return in.longAt(at(i));
        }

        @Override
        public long toNum(int i) {
            return in.longAt(at(i) + 2 * Long.BYTES);
        }

        @Override
        public V decode(int i) {
            In v = in.at(at(i));
            long fromNum = v.readLong();
            long fromTs = v.readLong();
            long toNum = v.readLong();
            long toTs = v.readLong();
            V version = reader.read(v, fromNum, fromTs);
            version.restoreEnd(toNum, toTs);
            return version;
        }
    }

    /**
     * Big-endian primitives into a buffer flushed to the file when full: the layout {@link In} reads from
     * the file's bytes. Shifts into a byte array rather than a {@code ByteBuffer}, because the index is
     * written once, at the end of a recording, mostly by the interpreter, where each of a buffer's nested
     * calls per field costs more than the shifts. A string is its number in the table {@link #finish}
     * writes, from 1; 0 is null.
     */
    private static final class Out {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> strings = new ArrayList<>();
        private final byte[] buf = new byte[1 << 20];
        private int pos;
        private long flushed;
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
            flushed += pos;
            pos = 0;
        }

        /** Bytes written so far. */
        long position() {
            return flushed + pos;
        }

        /** Writes the string table and where it starts, what is buffered, then the checksum of the whole file. */
        void finish() throws IOException {
            long table = position();
            if (table > Integer.MAX_VALUE) {
                throw new IOException("history index too large: " + table + " bytes before its strings");
            }
            writeInt(strings.size());
            for (String s : strings) {
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
            writeLong(table);
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
            if (id == null) {
                strings.add(s);
                id = strings.size();
                ids.put(s, id);
            }
            writeInt(id);
        }
    }

    /**
     * The string table of a file's bytes: where each string lies, found once; a string is decoded the first
     * time it is asked for. Strings are immutable, so threads may share what another decoded.
     */
    private static final class Strings {
        private final ByteBuffer buf;
        private final int[] offsets;
        private final String[] decoded;

        Strings(ByteBuffer buf, int table) {
            this.buf = buf;
            int count = buf.getInt(table);
            if (count < 0 || count > (buf.limit() - table) / Integer.BYTES) {
                throw new IndexOutOfBoundsException("string table of " + count + " strings");
            }
            offsets = new int[count];
            decoded = new String[count];
            int at = table + Integer.BYTES;
            for (int i = 0; i < count; i++) {
                offsets[i] = at;
                int length = buf.getInt(at);
                if (length < 0) {
                    throw new IndexOutOfBoundsException("string of " + length + " bytes");
                }
                at += Integer.BYTES + length;
            }
            if (at > buf.limit() - Long.BYTES) {
                throw new IndexOutOfBoundsException("string table past the end");
            }
        }

        /** String {@code id} of the table (from 1), null for 0. */
        String get(int id) {
            if (id == 0) {
                return null;
            }
            String s = decoded[id - 1];
            if (s == null) {
                int at = offsets[id - 1];
                byte[] bytes = new byte[buf.getInt(at)];
                buf.get(at + Integer.BYTES, bytes);
                s = new String(bytes, StandardCharsets.UTF_8);
                decoded[id - 1] = s;
            }
            return s;
        }
    }

    /**
     * Reads what {@link Out} wrote, from a position of the file's bytes on; absolute reads, so that any
     * number of readers share the bytes. Reading past their end is an {@link IndexOutOfBoundsException}.
     */
    private static final class In {
        private final ByteBuffer buf;
        private final Strings strings;
        private int pos;

        In(ByteBuffer buf, Strings strings, int pos) {
            this.buf = buf;
            this.strings = strings;
            this.pos = pos;
        }

        /** A reader of the same bytes from {@code position}. */
        In at(int position) {
            return new In(buf, strings, position);
        }

        long longAt(int position) {
            return buf.getLong(position);
        }

        /** Skips {@code bytes}, returning where they start. */
        int skip(long bytes) {
            if (bytes < 0 || bytes > buf.limit() - pos) {
                throw new IndexOutOfBoundsException("skipping " + bytes + " bytes from " + pos);
            }
            int from = pos;
            pos += (int) bytes;
            return from;
        }

        int readInt() {
            int v = buf.getInt(pos);
            pos += Integer.BYTES;
            return v;
        }

        long readLong() {
            long v = buf.getLong(pos);
            pos += Long.BYTES;
            return v;
        }

        byte readByte() {
            return buf.get(pos++);
        }

        boolean readBoolean() {
            return readByte() != 0;
        }

        String string() {
            return strings.get(readInt());
        }
    }
}
