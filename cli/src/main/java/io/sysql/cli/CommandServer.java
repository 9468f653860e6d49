package io.sysql.cli;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one-shot commands (query, the chisels) for {@link CommandClient}s in a JVM that stays up, so that
 * only the first pays for starting Java, loading Calcite and planning cold; later ones answer in a tenth
 * of the time. The launcher starts it on first use, with the socket as its only argument (in a
 * directory only its user can enter); it serves only its own user (the peer's credentials are checked)
 * and exits after {@link #IDLE_MINUTES} minutes without a command. Each command runs on a thread of its
 * own with the client's working directory, standard streams and interactivity ({@link Invocation}),
 * and is cancelled when its client goes away (Ctrl-C).
 */
final class CommandServer {
    static final int IDLE_MINUTES = 10;

    /** The client a thread runs a command for (inherited by the threads the command starts). */
    private static final InheritableThreadLocal<Session> SESSION = new InheritableThreadLocal<>();

    private final Path socket;
    private final ServerSocketChannel listener;
    private int active;
    private long idleSince = System.nanoTime();
    private boolean stopping;

    private CommandServer(Path socket, ServerSocketChannel listener) {
        this.socket = socket;
        this.listener = listener;
    }

    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[0]);
        FileChannel lockFile = FileChannel.open(Path.of(socket + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            return; // another server has the socket; its clients connect to it
        }
        Files.deleteIfExists(socket); // left by a server that was killed
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // killed: clients fall back at once, not on refusal
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // the next server deletes it
            }
        }));
        Charset charset = Charset.defaultCharset();
        System.setOut(new PrintStream(new Routed(System.out, true), true, charset));
        System.setErr(new PrintStream(new Routed(System.err, false), true, charset));
        System.setIn(new InputStream() {
            @Override
            public int read() throws IOException {
                Session s = SESSION.get();
                return s == null ? -1 : s.stdin.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Session s = SESSION.get();
                return s == null ? -1 : s.stdin.read(b, off, len);
            }
        });
        CommandServer server = new CommandServer(socket, listener);
        Thread idle = new Thread(server::stopWhenIdle, "sysql-idle");
        idle.setDaemon(true);
        idle.start();
        server.accept();
    }

    private void accept() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return; // stopping
            } catch (IOException e) {
                System.err.println("sysql server: " + e.getMessage());
                continue;
            }
            synchronized (this) {
                active++;
            }
            new Thread(() -> {
                try {
                    serve(channel);
                } finally {
                    done();
                }
            }, "sysql-client").start();
        }
    }

    private synchronized void done() {
        active--;
        idleSince = System.nanoTime();
        if (stopping && active == 0) {
            System.exit(0);
        }
    }

    /** Stops listening after a while without commands; commands accepted before that still finish. */
    private void stopWhenIdle() {
        long idle = TimeUnit.MINUTES.toNanos(IDLE_MINUTES);
        while (true) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (active == 0 && System.nanoTime() - idleSince > idle) {
                    stopping = true;
                    try {
                        Files.deleteIfExists(socket);
                        listener.close();
                    } catch (IOException e) {
                        // exiting anyway; the next server deletes what is left
                    }
                    System.exit(0);
                }
            }
        }
    }

    private static void serve(SocketChannel channel) {
        try (channel) {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().getName().equals(System.getProperty("user.name"))) {
                System.err.println("sysql server: refused a client of user " + peer.user().getName());
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(CommandWire.input(channel)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(CommandWire.output(channel)));
            CommandWire.Request request = CommandWire.Request.read(in);
            if (request.version() != CommandWire.VERSION) {
                CommandWire.frame(out, CommandWire.EXIT, CommandClient.NOT_SERVED);
                return;
            }
            Session session = new Session(out, new Invocation(Path.of(request.directory()), request.interactive()));
            Thread command = new Thread(() -> session.run(request.args().toArray(new String[0])), "sysql-command");
            command.start();
            session.readInput(in);
            if (command.isAlive()) {
                session.clientGone();
            }
            command.join();
        } catch (IOException | InterruptedException e) {
            System.err.println("sysql server: " + e.getMessage());
        }
    }

    /** One client's command: its standard streams over the socket. */
    private static final class Session {
        private final DataOutputStream wire;
        private final Invocation invocation;
        private final OutputStream out;
        private final OutputStream err;
        private final Stdin stdin = new Stdin();
        private volatile boolean gone;

        Session(DataOutputStream wire, Invocation invocation) {
            this.wire = wire;
            this.invocation = invocation;
            this.out = new BufferedOutputStream(new Frames(CommandWire.OUT));
            this.err = new BufferedOutputStream(new Frames(CommandWire.ERR));
        }

        void run(String[] args) {
            SESSION.set(this);
            int status;
            try {
                status = invocation.run(() -> Main.run(args));
            } catch (ClientGone e) {
                return;
            } catch (Throwable e) {
                System.err.println("sysql: " + Main.message(e));
                status = 70;
            }
            try {
                out.flush();
                err.flush();
                CommandWire.frame(wire, CommandWire.EXIT, status);
            } catch (IOException e) {
                // the client is gone: nobody to tell
            }
        }

        /** Takes the client's frames (its standard input) until it closes the connection. */
        void readInput(DataInputStream in) {
            try {
                for (int tag; (tag = CommandWire.readTag(in)) >= 0; ) {
                    int length = in.readInt();
                    if (tag == CommandWire.STDIN) {
                        byte[] b = new byte[length];
                        in.readFully(b);
                        stdin.chunks.add(b);
                    } else if (tag == CommandWire.STDIN_END) {
                        stdin.chunks.add(Stdin.END);
                    }
                }
            } catch (IOException e) {
                // closed: the same as the end
            }
            stdin.chunks.add(Stdin.END);
        }

        void clientGone() {
            gone = true;
            invocation.cancel();
        }

        /** The client's standard input, asked for at the first read. */
        private final class Stdin extends InputStream {
            static final byte[] END = new byte[0];
            private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
            private boolean asked;
            private byte[] chunk;
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (!asked) {
                    asked = true;
                    CommandWire.frame(wire, CommandWire.STDIN_WANTED, 0);
                }
                while (chunk == null || pos == chunk.length) {
                    if (chunk == END) {
                        return -1;
                    }
                    try {
                        chunk = chunks.take();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                    pos = 0;
                }
                int n = Math.min(len, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off, n);
                pos += n;
                return n;
            }
        }

        /** Bytes as frames of one tag; once the client is gone, writing ends the command. */
        private final class Frames extends OutputStream {
            private final byte tag;

            Frames(byte tag) {
                this.tag = tag;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (gone) {
                    throw new ClientGone();
                }
                try {
                    CommandWire.frame(wire, tag, b, off, len);
                } catch (IOException e) {
                    clientGone();
                    throw new ClientGone();
                }
            }
        }
    }

    /**
     * The client of the command printing is gone. Unchecked, so that it passes through PrintStream (which
     * would swallow an IOException and let the command run on for nobody).
     */
    private static final class ClientGone extends UncheckedIOException {
        ClientGone() {
            super(new IOException("the client is gone"));
        }
    }

    /** System.out or System.err: the current command's client's, or this process's own (a log) between commands. */
    private static final class Routed extends OutputStream {
        private final OutputStream own;
        private final boolean out;

        Routed(OutputStream own, boolean out) {
            this.own = own;
            this.out = out;
        }

        private OutputStream target() {
            Session s = SESSION.get();
            return s == null ? own : out ? s.out : s.err;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }
}
