package io.sysql.capture.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Errno;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Parses strace output recorded from real programs (see src/test/resources/strace/README.md). */
class StraceParserTest {
    private static final long O_CLOEXEC = 02000000;
    private static final long O_DIRECTORY = 0200000;

    private final SourceCounters counters = new SourceCounters();

    private List<Event> parse(String sample, int snaplen) throws IOException {
        List<Event> events = new ArrayList<>();
        StraceParser parser = new StraceParser(events::add, counters, snaplen);
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/strace/" + sample), sample)) {
            parser.parse(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        }
        return events;
    }

    private List<Event> parse(String sample) throws IOException {
        return parse(sample, Event.DEFAULT_SNAPLEN);
    }

    private static List<Event> ofType(List<Event> events, EventKind type) {
        return events.stream().filter(e -> e.kind == type).collect(Collectors.toList());
    }

    private static Event first(List<Event> events, Predicate<Event> p) {
        return events.stream().filter(p).findFirst().orElseThrow(() -> new AssertionError("no such event"));
    }

    private static Event first(List<Event> events, EventKind type, String path) {
        return first(events, e -> e.kind == type && path.equals(e.path));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void aCloneInsideAPidNamespaceBearsTheChildsHostPidAndGetpidTheCallersPidThere() throws IOException {
        // unshare --pid --fork: sh is pid 1 of the new namespace; its clone returned 2, sleep's pid there
        List<Event> events = parse("pidns.txt");
        Event nsClone = ofType(events, EventKinds.CLONE).get(1);
        Event sleep = first(events, e -> e.kind == EventKinds.EXECVE && "/usr/bin/sleep".equals(e.path));
        assertThat(nsClone.res).as("the host pid strace translated").isEqualTo(sleep.pid);
        assertThat(sleep.pid).isNotEqualTo(2);
        assertThat(events).as("nothing under the namespaced id").noneMatch(e -> e.pid == 2 || e.tid == 2);
        Event getpid = first(events, e -> e.kind == EventKinds.of("getpid"));
        assertThat(getpid.pid).isEqualTo(nsClone.pid);
        assertThat(getpid.res).as("what the call returned").isEqualTo(1);
        assertThat(getpid.vpid).isEqualTo(1);
        assertThat(ofType(events, EventKinds.CLONE).get(0).vpid).as("outside the namespace: not told").isEqualTo(Event.UNSET);
    }

    @Test
    void catExecsOpensReadsClosesAndExits() throws IOException {
        List<Event> events = parse("cat.txt");

        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();
        assertThat(ofType(events, EventKinds.UNKNOWN)).isEmpty();
        assertThat(events).hasSize(120).allMatch(e -> e.pid == 5022 && e.tid == 5022);

        Event exec = events.get(0);
        assertThat(exec.kind.name()).isEqualTo("execve");
        assertThat(exec.path).isEqualTo("/usr/bin/cat");
        assertThat(exec.exe).isEqualTo("/usr/bin/cat");
        assertThat(exec.name).isEqualTo("cat");
        assertThat(exec.args).isEqualTo("cat /etc/hostname");
        assertThat(exec.latencyNs).isEqualTo(409_000);
        assertThat(exec.ts).isEqualTo(1795680893_541231_000L + 409_000);

        Event open = first(events, EventKinds.OPENAT, "/etc/hostname");
        assertThat(open.res).isEqualTo(3);
        assertThat(open.fdType).isEqualTo(FdType.FILE);
        assertThat(open.flags).isZero();
        assertThat(open.errno).isZero();

        Event missing = first(events, EventKinds.OPENAT, "/usr/lib/locale/locale-archive");
        assertThat(missing.res).isEqualTo(-1);
        assertThat(missing.errno).isEqualTo(Errno.number("ENOENT")).isEqualTo(2);
        assertThat(missing.failed()).isTrue();

        Event read = first(events, e -> e.kind == EventKinds.READ && "/etc/hostname".equals(e.path) && e.res > 0);
        assertThat(read.fd).isEqualTo(3);
        assertThat(read.fdType).isEqualTo(FdType.FILE);
        assertThat(read.data).isEqualTo("vm\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(read.args).isEqualTo("3</etc/hostname>, \"vm\\n\", 131072");

        Event close = first(events, EventKinds.CLOSE, "/etc/hostname");
        assertThat(close.fd).isEqualTo(3);

        Event exit = events.get(118);
        assertThat(exit.kind.name()).isEqualTo("exit_group");
        assertThat(exit.exitCode).isZero();
        assertThat(exit.returned()).as("exit_group never returns").isFalse();
        assertThat(exit.failed()).isTrue();
        Event death = events.get(119);
        assertThat(death.kind).isEqualTo(EventKinds.PROCEXIT);
        assertThat(death.exitCode).isZero();
        assertThat(death.signal).isZero();
        assertThat(death.ts).isEqualTo(1795680893_566880_000L);
    }

    @Test
    void hexAndOctalEscapesGiveTheSameExactBytesAndPaths() throws IOException {
        byte[] content = bytes('a', '\t', 'b', '\n', 1, 0xff, '"', '\\', '<', '>', 0xc3, 0xa9);
        String weird = "/tmp/sysql-strace-weird/f<x>\"1";
        for (String sample : List.of("hex.txt", "octal.txt")) {
            List<Event> events = parse(sample);
            assertThat(events.get(0).args).as(sample).isEqualTo("cat " + weird);
            Event open = first(events, EventKinds.OPENAT, weird);
            assertThat(open.res).as(sample).isEqualTo(3);
            Event read = first(events, e -> e.kind == EventKinds.READ && weird.equals(e.path) && e.res > 0);
            assertThat(read.data).as(sample).isEqualTo(content);
            Event write = first(events, e -> e.kind == EventKinds.WRITE && e.fd == 1);
            assertThat(write.data).as(sample).isEqualTo(content);
            assertThat(write.path).as("a device keeps its path, not its numbers").isEqualTo("/dev/null");
        }
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();
    }

    @Test
    void dataIsCutAtTheSnapLengthAndAtTheBytesMoved() throws IOException {
        List<Event> events = parse("ls.txt", 10);
        Event write = first(events, e -> e.kind == EventKinds.WRITE);
        assertThat(write.res).isEqualTo(52);
        assertThat(write.data).isEqualTo("-rwxr-xr-x".getBytes(StandardCharsets.US_ASCII));

        events = parse("ls.txt", 80);
        Event elf = first(events, e -> e.kind == EventKinds.READ && e.res == 832);
        assertThat(elf.data).hasSize(80).startsWith(bytes(0x7f, 'E', 'L', 'F'));
        assertThat(first(events, e -> e.kind == EventKinds.WRITE).data).hasSize(52);
        Event empty = first(events, e -> e.kind == EventKinds.READ && e.res == 0);
        assertThat(empty.data).isNull();
    }

    @Test
    void scatterGatherCallsCarryTheirDataInOrder() throws IOException {
        List<Event> events = parse("iov.txt");
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();

        Event writev = first(events, e -> e.kind == EventKinds.of("writev"));
        assertThat(writev.fdType).isEqualTo(FdType.PIPE);
        assertThat(writev.data).isEqualTo("scatter gather\n".getBytes(StandardCharsets.US_ASCII));
        Event readv = first(events, e -> e.kind == EventKinds.of("readv"));
        assertThat(readv.data).isEqualTo(writev.data);
        assertThat(readv.path).isEqualTo(writev.path);
        Event pwrite = first(events, e -> e.kind == EventKinds.of("pwrite64"));
        assertThat(pwrite.data).isEqualTo("at an offset".getBytes(StandardCharsets.US_ASCII));
        Event sendmsg = first(events, e -> e.kind == EventKinds.of("sendmsg"));
        assertThat(sendmsg.fdType).isEqualTo(FdType.UNIX);
        assertThat(sendmsg.data).isEqualTo("first second".getBytes(StandardCharsets.US_ASCII));
        Event recvmsg = first(events, e -> e.kind == EventKinds.of("recvmsg"));
        assertThat(recvmsg.data).isEqualTo(sendmsg.data);

        List<Event> cut = parse("iov.txt", 9);
        assertThat(first(cut, e -> e.kind == EventKinds.of("writev")).data)
                .isEqualTo("scatter g".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void errnoNamesAndNumbers() {
        assertThat(Errno.number("ENOENT")).isEqualTo(2);
        assertThat(Errno.name(2)).isEqualTo("ENOENT");
        assertThat(Errno.number("EWOULDBLOCK")).isEqualTo(Errno.number("EAGAIN")).isEqualTo(11);
        assertThat(Errno.name(11)).isEqualTo("EAGAIN");
        assertThat(Errno.name(95)).isEqualTo("EOPNOTSUPP");
        assertThat(Errno.name(133)).isEqualTo("EHWPOISON");
        assertThat(Errno.name(512)).isEqualTo("ERESTARTSYS");
        assertThat(Errno.name(41)).as("no errno 41 on Linux").isNull();
        assertThat(Errno.name(0)).isNull();
        assertThat(Errno.number("EBOGUS")).isZero();
    }

    @Test
    void tcpUdpAndIpv6SocketsCarryTheirEndpoints() throws IOException {
        List<Event> events = parse("net.txt");
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();

        Event socket = first(events, e -> e.kind == EventKinds.SOCKET);
        assertThat(socket.res).isEqualTo(3);
        assertThat(socket.fdType).isEqualTo(FdType.IPV4);
        assertThat(socket.sockFamily).isEqualTo(2);
        assertThat(socket.l4proto).isEqualTo("tcp");
        assertThat(socket.flags).isEqualTo(1 | O_CLOEXEC);

        Event bind = first(events, e -> e.kind == EventKinds.BIND);
        assertThat(bind.fd).isEqualTo(3);
        assertThat(bind.localIp).isEqualTo("127.0.0.1");
        assertThat(bind.localPort).as("bound to port 0").isZero();

        Event listen = first(events, e -> e.kind == EventKinds.LISTEN);
        int port = listen.localPort;
        assertThat(port).as("the real port shows on the next call").isPositive();
        assertThat(listen.localIp).isEqualTo("127.0.0.1");
        assertThat(listen.isServer).isTrue();

        Event connect = first(events, e -> e.kind == EventKinds.CONNECT);
        assertThat(connect.fd).isEqualTo(4);
        assertThat(connect.remoteIp).isEqualTo("127.0.0.1");
        assertThat(connect.remotePort).isEqualTo(port);

        Event accept = first(events, e -> e.kind == EventKinds.ACCEPT4);
        assertThat(accept.fd).isEqualTo(3);
        assertThat(accept.res).isEqualTo(5);
        assertThat(accept.flags).isEqualTo(O_CLOEXEC);
        assertThat(accept.fdType).isEqualTo(FdType.IPV4);
        assertThat(accept.localIp).isEqualTo("127.0.0.1");
        assertThat(accept.localPort).isEqualTo(port);
        assertThat(accept.remoteIp).isEqualTo("127.0.0.1");
        assertThat(accept.remotePort).isPositive().isNotEqualTo(port);

        Event send = first(events, e -> e.kind == EventKinds.of("sendto") && e.fd == 4);
        assertThat(send.data).isEqualTo("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(send.localPort).isEqualTo(accept.remotePort);
        assertThat(send.remotePort).isEqualTo(port);
        Event reply = first(events, e -> e.kind == EventKinds.of("recvfrom") && e.fd == 4);
        assertThat(reply.data).endsWith(bytes('\r', '\n', 0, 0xff)).hasSize(19);

        Event shutdown = first(events, e -> e.kind == EventKinds.SHUTDOWN);
        assertThat(shutdown.fd).isEqualTo(4);
        assertThat(shutdown.flags).as("SHUT_WR").isEqualTo(1);

        Event listen6 = first(events, e -> e.kind == EventKinds.LISTEN && e.fdType == FdType.IPV6);
        assertThat(listen6.localIp).isEqualTo("::1");
        assertThat(listen6.sockFamily).isEqualTo(10);
        Event accept6 = first(events, e -> e.kind == EventKinds.ACCEPT4 && e.fdType == FdType.IPV6);
        assertThat(accept6.localIp).isEqualTo("::1");
        assertThat(accept6.localPort).isEqualTo(listen6.localPort);
        assertThat(accept6.remoteIp).isEqualTo("::1");
        assertThat(accept6.l4proto).isEqualTo("tcp");

        Event udp = first(events, e -> e.kind == EventKinds.SOCKET && "udp".equals(e.l4proto));
        assertThat(udp.fdType).isEqualTo(FdType.IPV4);
        Event sendto = first(events, e -> e.kind == EventKinds.of("sendto") && "udp".equals(e.l4proto));
        assertThat(sendto.data).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
        assertThat(sendto.localIp).isEqualTo("127.0.0.1");

        Event refused = first(events, e -> e.kind == EventKinds.CONNECT && e.failed());
        assertThat(refused.errno).isEqualTo(Errno.number("ECONNREFUSED")).isEqualTo(111);
        assertThat(refused.remotePort).isEqualTo(1);
    }

    @Test
    void unixSocketsPipesAndNetlink() throws IOException {
        List<Event> events = parse("net.txt");

        Event pair = first(events, e -> e.kind == EventKinds.SOCKETPAIR);
        assertThat(pair.res).isZero();
        assertThat(pair.fd).isEqualTo(3);
        assertThat(pair.fd2).isEqualTo(4);
        assertThat(pair.fdType).isEqualTo(FdType.UNIX);
        assertThat(pair.sockFamily).isEqualTo(1);

        String sock = "/tmp/sysql-strace-sample.sock";
        Event bind = first(events, e -> e.kind == EventKinds.BIND && e.fdType == FdType.UNIX);
        assertThat(bind.path).isEqualTo(sock);
        Event connect = first(events, e -> e.kind == EventKinds.CONNECT && e.fdType == FdType.UNIX);
        assertThat(connect.path).isEqualTo(sock);
        Event accept = first(events, e -> e.kind == EventKinds.ACCEPT4 && e.fdType == FdType.UNIX);
        assertThat(accept.res).isEqualTo(7);
        assertThat(accept.path).isEqualTo(sock);

        Event pipe = first(events, e -> e.kind == EventKinds.PIPE2);
        assertThat(pipe.fd).isEqualTo(3);
        assertThat(pipe.fd2).isEqualTo(4);
        assertThat(pipe.flags).isEqualTo(O_CLOEXEC);
        assertThat(pipe.fdType).isEqualTo(FdType.PIPE);
        assertThat(pipe.path).matches("pipe:\\[\\d+\\]");
        Event write = first(events, e -> e.kind == EventKinds.WRITE && e.fdType == FdType.PIPE);
        assertThat(write.fd).isEqualTo(4);
        assertThat(write.path).isEqualTo(pipe.path);
        assertThat(write.data).isEqualTo("through the pipe\n".getBytes(StandardCharsets.US_ASCII));

        Event netlink = first(events, e -> e.kind == EventKinds.SOCKET && e.sockFamily == 16);
        assertThat(netlink.fdType).isEqualTo(FdType.NETLINK);
        assertThat(netlink.res).isEqualTo(3);
    }

    @Test
    void fdsOfEveryKind() throws IOException {
        List<Event> events = parse("fds.txt");
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();

        Event open = first(events, e -> e.kind == EventKinds.OPEN && "/etc/hostname".equals(e.path));
        assertThat(open.res).isEqualTo(3);
        Event creat = first(events, e -> e.kind == EventKinds.CREAT);
        assertThat(creat.path).isEqualTo("/tmp/sysql-strace-creat");
        assertThat(creat.mode).isEqualTo(0640);
        assertThat(creat.flags).isEqualTo(0100 | 01 | 01000);
        Event openat2 = first(events, e -> e.kind == EventKinds.OPENAT2);
        assertThat(openat2.path).isEqualTo("/etc/passwd");
        assertThat(openat2.flags).isEqualTo(O_CLOEXEC);
        assertThat(openat2.res).isEqualTo(3);

        assertCreates(events, EventKinds.EVENTFD2, FdType.EVENT, 3);
        assertCreates(events, EventKinds.EPOLL_CREATE1, FdType.EVENTPOLL, 4);
        assertCreates(events, EventKinds.SIGNALFD4, FdType.SIGNALFD, 5);
        assertCreates(events, EventKinds.TIMERFD_CREATE, FdType.TIMERFD, 6);
        assertCreates(events, EventKinds.INOTIFY_INIT1, FdType.INOTIFY, 7);
        Event memfd = assertCreates(events, EventKinds.MEMFD_CREATE, FdType.MEMFD, 8);
        assertThat(memfd.path).isEqualTo("/memfd:sysql-mem (deleted)");
        assertCreates(events, EventKinds.PIDFD_OPEN, FdType.PIDFD, 9);
        assertCreates(events, EventKinds.EVENTFD, FdType.EVENT, 5);
        assertCreates(events, EventKinds.EPOLL_CREATE, FdType.EVENTPOLL, 6);
        assertCreates(events, EventKinds.INOTIFY_INIT, FdType.INOTIFY, 7);
        assertCreates(events, EventKinds.SIGNALFD, FdType.SIGNALFD, 8);
        Event pipe = first(events, e -> e.kind == EventKinds.PIPE);
        assertThat(pipe.fd).isEqualTo(3);
        assertThat(pipe.fd2).isEqualTo(4);
        assertThat(pipe.fdType).isEqualTo(FdType.PIPE);
        Event closeTimer = first(events, e -> e.kind == EventKinds.CLOSE && e.fdType == FdType.TIMERFD);
        assertThat(closeTimer.fd).isEqualTo(6);
    }

    private static Event assertCreates(List<Event> events, EventKind type, FdType fdType, int fd) {
        Event e = first(events, x -> x.kind == type);
        assertThat(e.res).as(type.name()).isEqualTo(fd);
        assertThat(e.fdType).as(type.name()).isEqualTo(fdType);
        return e;
    }

    @Test
    void dupFcntlCloseRangeChdirAndIds() throws IOException {
        List<Event> events = parse("fds.txt");

        Event dup = first(events, e -> e.kind == EventKinds.DUP);
        assertThat(dup.fd).isEqualTo(3);
        assertThat(dup.res).isEqualTo(4);
        assertThat(dup.path).isEqualTo("/etc/hostname");
        Event dup2 = first(events, e -> e.kind == EventKinds.DUP2 && "/etc/hostname".equals(e.path));
        assertThat(dup2.fd).isEqualTo(3);
        assertThat(dup2.fd2).isEqualTo(20);
        assertThat(dup2.res).isEqualTo(20);
        Event dup3 = first(events, e -> e.kind == EventKinds.DUP3);
        assertThat(dup3.fd2).isEqualTo(21);
        assertThat(dup3.flags).isEqualTo(O_CLOEXEC);

        Event dupfd = first(events, e -> e.kind == EventKinds.FCNTL && e.res == 30);
        assertThat(dupfd.flags).as("F_DUPFD").isZero();
        assertThat(dupfd.mode).isEqualTo(30);
        assertThat(dupfd.fd).isEqualTo(3);
        Event dupfdCloexec = first(events, e -> e.kind == EventKinds.FCNTL && e.res == 40);
        assertThat(dupfdCloexec.flags).as("F_DUPFD_CLOEXEC").isEqualTo(1030);
        Event setfd = first(events, e -> e.kind == EventKinds.FCNTL && e.flags == 2 && "/etc/hostname".equals(e.path));
        assertThat(setfd.mode).as("FD_CLOEXEC").isEqualTo(1);

        Event closeRange = first(events, e -> e.kind == EventKinds.CLOSE_RANGE);
        assertThat(closeRange.fd).isEqualTo(20);
        assertThat(closeRange.fd2).isEqualTo(41);
        Event badClose = first(events, e -> e.kind == EventKinds.CLOSE && e.fd == 99);
        assertThat(badClose.errno).isEqualTo(Errno.number("EBADF"));
        assertThat(badClose.fdType).isNull();

        Event chdir = first(events, e -> e.kind == EventKinds.CHDIR);
        assertThat(chdir.path).isEqualTo("/etc");
        Event usr = first(events, e -> e.kind == EventKinds.OPENAT && "/usr".equals(e.path));
        assertThat(usr.fdType).isEqualTo(FdType.DIRECTORY);
        assertThat(usr.flags & O_DIRECTORY).isNotZero();
        Event fchdir = first(events, e -> e.kind == EventKinds.FCHDIR);
        assertThat(fchdir.fd).isEqualTo(usr.res);
        assertThat(fchdir.path).isEqualTo("/usr");
        assertThat(fchdir.fdType).isEqualTo(FdType.DIRECTORY);

        assertThat(first(events, e -> e.kind == EventKinds.SETRESGID).gid).isEqualTo(4);
        assertThat(first(events, e -> e.kind == EventKinds.SETGID).gid).isZero();
        assertThat(ofType(events, EventKinds.SETREGID)).extracting(e -> e.gid).containsExactly(5, 0);
        assertThat(first(events, e -> e.kind == EventKinds.SETRESUID).uid).isEqualTo(1);
        assertThat(first(events, e -> e.kind == EventKinds.SETREUID).uid).isZero();
        assertThat(first(events, e -> e.kind == EventKinds.SETUID).uid).isZero();
    }

    @Test
    void threadsJoinTheirProcessAndChildrenFollowTheirClone() throws IOException {
        List<Event> events = parse("threads.txt");
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();
        int main = events.get(0).pid;
        assertThat(events.get(0).tid).isEqualTo(main);

        List<Event> threadClones = ofType(events, EventKinds.CLONE3);
        assertThat(threadClones).hasSize(3).allMatch(e -> (e.flags & 0x10000) != 0 && e.pid == main);
        for (Event clone : threadClones) {
            int child = (int) clone.res;
            int at = events.indexOf(clone);
            List<Event> own = events.stream().filter(e -> e.tid == child).collect(Collectors.toList());
            assertThat(own).as("thread %d", child).isNotEmpty().allMatch(e -> e.pid == main);
            assertThat(events.indexOf(own.get(0))).as("after the clone that made it").isGreaterThan(at);
            assertThat(own.get(own.size() - 1).kind).isEqualTo(EventKinds.PROCEXIT);
        }
        Event threadWrite = first(events, e -> e.kind == EventKinds.WRITE && e.tid != main);
        assertThat(threadWrite.path).isEqualTo("/dev/null");
        assertThat(new String(threadWrite.data, StandardCharsets.US_ASCII)).matches("thread \\d\n");

        List<Event> forks = ofType(events, EventKinds.CLONE).stream().filter(e -> e.pid == main).collect(Collectors.toList());
        assertThat(forks).hasSize(2).allMatch(e -> (e.flags & 0x10000) == 0);
        Event exited7 = first(events, e -> e.kind == EventKinds.PROCEXIT && e.tid == forks.get(0).res);
        assertThat(exited7.pid).isEqualTo(exited7.tid);
        assertThat(exited7.exitCode).isEqualTo(7);
        Event killed = first(events, e -> e.kind == EventKinds.PROCEXIT && e.tid == forks.get(1).res);
        assertThat(killed.exitCode).isEqualTo(-1);
        assertThat(killed.signal).as("SIGKILL").isEqualTo(9);

        Event vfork = first(events, e -> e.kind == EventKinds.VFORK);
        assertThat(vfork.flags).isEqualTo(0x100 | 0x4000);
        int child = (int) vfork.res;
        Event childExec = first(events, e -> e.kind == EventKinds.EXECVE && e.tid == child);
        assertThat(childExec.pid).isEqualTo(child);
        assertThat(childExec.name).isEqualTo("echo");
        assertThat(childExec.args).isEqualTo("/bin/echo from child");
        assertThat(events.indexOf(childExec)).isGreaterThan(events.indexOf(vfork));
        assertThat(events.stream().filter(e -> e.tid == child).findFirst().get().pid).isEqualTo(child);

        Event failedExec = first(events, e -> e.kind == EventKinds.EXECVE && e.failed());
        assertThat(failedExec.path).isEqualTo("/nonexistent/prog");
        assertThat(failedExec.errno).isEqualTo(2);

        assertThat(ofType(events, StraceParser.SIGNAL)).isNotEmpty().allMatch(e -> e.signal == 17 && e.pid == main);
        Event last = events.get(events.size() - 1);
        assertThat(last.kind).isEqualTo(EventKinds.PROCEXIT);
        assertThat(last.tid).isEqualTo(main);
        assertThat(last.exitCode).isEqualTo(3);
    }

    @Test
    void shellPipelineForksDupsAndChangesDirectory() throws IOException {
        List<Event> events = parse("sh.txt");
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();
        Event exec = events.get(0);
        assertThat(exec.args).isEqualTo("sh -c echo hi | cat; cd /tmp; exit 3");
        assertThat(exec.name).isEqualTo("sh");

        Event dup2 = first(events, e -> e.kind == EventKinds.DUP2 && e.fd2 == 1);
        assertThat(dup2.pid).isNotEqualTo(exec.pid);
        assertThat(dup2.fdType).as("the new fd 1 is the pipe").isEqualTo(FdType.PIPE);
        Event catExec = first(events, e -> e.kind == EventKinds.EXECVE && "cat".equals(e.name));
        assertThat(catExec.args).isEqualTo("cat");
        Event chdir = first(events, e -> e.kind == EventKinds.CHDIR);
        assertThat(chdir.path).isEqualTo("/tmp");
        assertThat(events.get(events.size() - 1).exitCode).isEqualTo(3);
    }

    @Test
    void interleavedHalvesSignalsDeathsAndGarbage() throws IOException {
        List<Event> events = parse("interleaved.txt");

        assertThat(events).extracting(e -> e.kind.name()).containsExactly(
                "signal", "read", "unknown", "clone", "write", "futex", "openat", "close",
                "poll", "wait4", "signal", "exit_group", "procexit", "procexit",
                "execve", "exit_group", "procexit", "write");

        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isEqualTo(1);
        Event garbage = events.get(2);
        assertThat(garbage.args).isEqualTo("this line is garbage that strace never wrote");

        Event winch = events.get(0);
        assertThat(winch.signal).isEqualTo(28);
        assertThat(winch.args).startsWith("{si_signo=SIGWINCH");

        Event read = events.get(1);
        assertThat(read.fd).isZero();
        assertThat(read.path).isEqualTo("/dev/pts/0");
        assertThat(read.data).isEqualTo(bytes('a', 'b', '"', 'c', '\\', '\n', 1, 0x7f));
        assertThat(read.latencyNs).isEqualTo(150_000);
        assertThat(read.ts).isEqualTo(1795680900_000100_000L + 150_000);

        Event clone = events.get(3);
        assertThat(clone.res).isEqualTo(7001);
        assertThat(clone.flags & 0x10000).isNotZero();
        Event threadWrite = events.get(4);
        assertThat(threadWrite.tid).isEqualTo(7001);
        assertThat(threadWrite.pid).as("printed before the clone returned, still a thread of 7000").isEqualTo(7000);
        assertThat(threadWrite.data).isEqualTo("from the thread\n".getBytes(StandardCharsets.US_ASCII));

        Event openat = events.get(6);
        assertThat(openat.path).isEqualTo("/home/u/notes.txt");
        assertThat(openat.errno).isEqualTo(2);
        assertThat(openat.ts).isEqualTo(1795680900_000500_000L + 40_000);
        Event close = events.get(7);
        assertThat(close.pid).isEqualTo(7000);
        assertThat(close.fd).isEqualTo(5);
        assertThat(close.fdType).isEqualTo(FdType.PIPE);

        Event poll = events.get(8);
        assertThat(poll.pid).isEqualTo(7002);
        assertThat(poll.res).isEqualTo(1);
        assertThat(poll.latencyNs).isEqualTo(1_500_000_000L);

        Event interrupted = events.get(9);
        assertThat(interrupted.res).isEqualTo(-1);
        assertThat(interrupted.errno).isEqualTo(Errno.number("ERESTARTSYS")).isEqualTo(512);
        assertThat(events.get(10).signal).as("stopped by SIGSTOP").isEqualTo(19);

        Event cutExit = events.get(11);
        assertThat(cutExit.tid).isEqualTo(7001);
        assertThat(cutExit.exitCode).isZero();
        assertThat(events.get(12).tid).isEqualTo(7001);
        Event segv = events.get(13);
        assertThat(segv.tid).isEqualTo(7000);
        assertThat(segv.exitCode).isEqualTo(-1);
        assertThat(segv.signal).isEqualTo(11);

        Event exec = events.get(14);
        assertThat(exec.pid).isEqualTo(7003);
        assertThat(exec.name).isEqualTo("true");
        assertThat(exec.args).isEqualTo("true");

        Event cutWrite = events.get(17);
        assertThat(cutWrite.tid).isEqualTo(7004);
        assertThat(cutWrite.fd).as("cut short by the end of the trace, still decoded").isEqualTo(1);
        assertThat(cutWrite.returned()).isFalse();
    }

    @Test
    void aCallInterruptedByTheAttachIsTheCallItResumes() throws IOException {
        List<Event> events = new ArrayList<>();
        new StraceParser(events::add, counters, Event.DEFAULT_SNAPLEN).parse(new java.io.StringReader(
                "5036  1795680893.794097 restart_syscall(<... resuming interrupted accept4 ...>) = "
                        + "5<TCP:[127.0.0.1:35355->127.0.0.1:35036]> <1.500101>\n"));
        Event accept = first(events, e -> true);
        assertThat(accept.kind.name()).isEqualTo("accept4");
        assertThat(accept.res).isEqualTo(5);
        assertThat(accept.fdType).isEqualTo(FdType.IPV4);
        assertThat(accept.localPort).isEqualTo(35355);
        assertThat(accept.remotePort).isEqualTo(35036);
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();
    }
}
