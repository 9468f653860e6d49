package io.sysql.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The launcher's side of a one-shot command run by a {@link CommandServer}: sends the command line, prints
 * what the server's run of it prints, and exits with its status. A JVM that loads only JDK classes starts
 * in a few hundredths of a second, where one that plans SQL cold takes a second or more.
 *
 * <p>Arguments: the socket, the process id of a server just started ({@code -} if none), the command
 * line. Exits with {@link #NOT_SERVED} when no server took the command (none listening, or it stopped
 * before answering), so that the launcher runs it in its own JVM instead.
 */
final class CommandClient {
    /** Nothing was run: run the command elsewhere. (sysql's own statuses are 0, 1, 2 and 70.) */
    static final int NOT_SERVED = 75;
    /** How long a server that was just started may take to listen (it loads little before it does). */
    private static final long START_WAIT_NS = 30_000_000_000L;

    private CommandClient() {
    }

    public static void main(String[] args) {
        Path socket = Path.of(args[0]);
        ProcessHandle starting = args[1].equals("-") ? null : ProcessHandle.of(Long.parseLong(args[1])).orElse(null);
        List<String> command = Arrays.asList(args).subList(2, args.length);
        SocketChannel channel = connect(socket, starting);
        if (channel == null) {
            System.exit(NOT_SERVED);
        }
        System.exit(relay(channel, command));
    }

    private static SocketChannel connect(Path socket, ProcessHandle starting) {
        long deadline = System.nanoTime() + START_WAIT_NS;
        while (true) {
            try {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    return channel;
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException e) {
                if (starting == null || !starting.isAlive() || System.nanoTime() > deadline) {
                    return null;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return null;
            }
        }
    }

    private static int relay(SocketChannel channel, List<String> command) {
        boolean answered = false;
        try (channel) {
            DataOutputStream toServer = new DataOutputStream(new BufferedOutputStream(CommandWire.output(channel)));
            DataInputStream fromServer = new DataInputStream(new BufferedInputStream(CommandWire.input(channel)));
            new CommandWire.Request(CommandWire.VERSION, Path.of("").toAbsolutePath().toString(),
                    System.console() != null, command).write(toServer);
            FileOutputStream out = new FileOutputStream(FileDescriptor.out);
            FileOutputStream err = new FileOutputStream(FileDescriptor.err);
            byte[] buffer = new byte[8192];
            while (true) {
                int tag = CommandWire.readTag(fromServer);
                if (tag < 0) {
                    break;
                }
                int length = fromServer.readInt();
                if (tag == CommandWire.EXIT) {
                    return length;
                }
                answered = true; // output shown or input taken: running it again would not be the same
                if (tag == CommandWire.STDIN_WANTED) {
                    sendStdin(toServer);
                    continue;
                }
                if (buffer.length < length) {
                    buffer = new byte[length];
                }
                fromServer.readFully(buffer, 0, length);
                try {
                    (tag == CommandWire.OUT ? out : err).write(buffer, 0, length);
                } catch (IOException e) {
                    // a reader that stopped (| head): the command runs on, as it would in its own process
                }
            }
        } catch (IOException e) {
            // the server went away: below
        }
        if (!answered) {
            return NOT_SERVED;
        }
        System.err.println("sysql: the command server stopped before the command finished");
        return 70;
    }

    /** Standard input to the server, on a thread of its own: the command's output keeps coming meanwhile. */
    private static void sendStdin(DataOutputStream toServer) {
        Thread pump = new Thread(() -> {
            InputStream in = System.in;
            byte[] b = new byte[8192];
            try {
                for (int n; (n = in.read(b)) >= 0; ) {
                    CommandWire.frame(toServer, CommandWire.STDIN, b, 0, n);
                }
                CommandWire.frame(toServer, CommandWire.STDIN_END, 0);
            } catch (IOException e) {
                // the server is gone: the main thread sees it too
            }
        }, "sysql-stdin");
        pump.setDaemon(true);
        pump.start();
    }
}
