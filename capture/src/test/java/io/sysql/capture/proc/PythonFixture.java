package io.sysql.capture.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real process holding one fd of every kind the snapshot tells apart: TCP over IPv4, IPv6 and
 * IPv4-mapped IPv6 (listener, client and accepted ends), UDP, unix (listener, client, accepted), a file
 * opened for appending, a directory, a pipe, eventfd, epoll, memfd, pidfd, netlink; plus two named
 * threads and an open-files limit of 1000. It prints the fd of each role, then waits for stdin to close.
 */
final class PythonFixture implements AutoCloseable {
    static final long FD_LIMIT = 1000;

    private static final String SCRIPT = """
            import os, socket, sys, threading, select, ctypes, resource
            resource.setrlimit(resource.RLIMIT_NOFILE, (1000, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
            d = sys.argv[1]
            keep = {}
            srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen()
            cli = socket.create_connection(srv.getsockname()); acc, _ = srv.accept()
            s6 = socket.socket(socket.AF_INET6); s6.bind(('::1', 0)); s6.listen()
            c6 = socket.create_connection(s6.getsockname()[:2]); a6, _ = s6.accept()
            dual = socket.socket(socket.AF_INET6)
            dual.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            dual.bind(('::ffff:127.0.0.1', 0)); dual.listen()
            cm = socket.create_connection(('127.0.0.1', dual.getsockname()[1])); am, _ = dual.accept()
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(('127.0.0.1', 0))
            us = socket.socket(socket.AF_UNIX); us.bind(d + '/sock'); us.listen()
            uc = socket.socket(socket.AF_UNIX); uc.connect(d + '/sock'); ua, _ = us.accept()
            nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
            fds = dict(srv=srv, cli=cli, acc=acc, s6=s6, c6=c6, a6=a6, dual=dual, cm=cm, am=am, udp=udp,
                       us=us, uc=uc, ua=ua, nl=nl)
            fds = {k: v.fileno() for k, v in fds.items()}
            fds['file'] = os.open(d + '/out.txt', os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            fds['dir'] = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
            fds['pipe_r'], fds['pipe_w'] = os.pipe()
            fds['event'] = os.eventfd(0)
            ep = select.epoll(); fds['epoll'] = ep.fileno()
            fds['memfd'] = os.memfd_create('snapmem')
            fds['pidfd'] = os.pidfd_open(os.getpid())
            libc = ctypes.CDLL(None)
            named = threading.Barrier(3)
            stop = threading.Event()
            def worker(name):
                libc.prctl(15, name.encode(), 0, 0, 0)
                named.wait()
                stop.wait()
            for n in ('worker-a', 'worker-b'):
                threading.Thread(target=worker, args=(n,), daemon=True).start()
            named.wait()
            print(' '.join('%s=%d' % kv for kv in fds.items()), flush=True)
            sys.stdin.read()
            """;

    final Process process;
    final Path dir;
    /** The fd of each role the script gave (srv, cli, acc, file, pipe_r, ...). */
    final Map<String, Integer> fds = new HashMap<>();

    PythonFixture(Path dir) throws IOException {
        this.dir = dir.toRealPath();
        Path script = this.dir.resolve("fixture.py");
        Files.writeString(script, SCRIPT);
        process = new ProcessBuilder("python3", script.toString(), this.dir.toString())
                .directory(this.dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the python fixture died before it was ready");
        }
        for (String pair : line.trim().split(" ")) {
            int eq = pair.indexOf('=');
            fds.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
        }
    }

    int pid() {
        return (int) process.pid();
    }

    int fd(String role) {
        return fds.get(role);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
