package io.sysql.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link CommandClient} and {@link CommandServer} say over their Unix socket. The client sends a
 * request (its working directory, whether it is interactive, the command line), then its standard input
 * when the server asks for it; the server sends the command's output and error bytes as they come, and
 * last its exit status. Everything after the request is a frame: a tag byte, a length, that many bytes.
 * Only JDK classes: the client loads nothing else, so that it starts in a few hundredths of a second.
 */
final class CommandWire {
    /** Changes whenever the wire does; a server of another version answers with {@link #EXIT} at once. */
    static final int VERSION = 1;

    // server to client
    static final byte OUT = 1;
    static final byte ERR = 2;
    /** The command reads standard input: send it, then {@link #STDIN_END}. */
    static final byte STDIN_WANTED = 3;
    /** The command's exit status, in the length field; nothing follows. */
    static final byte EXIT = 4;

    // client to server
    static final byte STDIN = 5;
    static final byte STDIN_END = 6;

    private CommandWire() {
    }

    record Request(int version, String directory, boolean interactive, List<String> args) {
        void write(DataOutputStream out) throws IOException {
            out.writeInt(version);
            writeString(out, directory);
            out.writeBoolean(interactive);
            out.writeInt(args.size());
            for (String a : args) {
                writeString(out, a);
            }
            out.flush();
        }

        static Request read(DataInputStream in) throws IOException {
            int version = in.readInt();
            if (version != VERSION) {
                return new Request(version, "", false, List.of());
            }
            String directory = readString(in);
            boolean interactive = in.readBoolean();
            int n = in.readInt();
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                args.add(readString(in));
            }
            return new Request(version, directory, interactive, args);
        }
    }

    /** Writes one frame, whole, from any thread. */
    static void frame(DataOutputStream out, byte tag, byte[] b, int off, int len) throws IOException {
        synchronized (out) {
            out.writeByte(tag);
            out.writeInt(len);
            out.write(b, off, len);
            out.flush();
        }
    }

    static void frame(DataOutputStream out, byte tag, int value) throws IOException {
        synchronized (out) {
            out.writeByte(tag);
            out.writeInt(value);
            out.flush();
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The next frame's tag, or -1 at the end of the stream. */
    static int readTag(DataInputStream in) throws IOException {
        try {
            return in.readUnsignedByte();
        } catch (EOFException e) {
            return -1;
        }
    }

    /*
     * Streams straight over the channel: one thread may read while another writes (the streams of
     * java.nio.channels.Channels share a lock between the two, so a blocked read would hold up every write).
     */

    static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        };
    }
}
