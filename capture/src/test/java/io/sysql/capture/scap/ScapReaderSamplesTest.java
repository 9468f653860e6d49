package io.sysql.capture.scap;

import io.sysql.capture.source.ReadProgress;
import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the real sysdig/falco captures and compares with what libsinsp itself reads from them. */
class ScapReaderSamplesTest {

    private static final class Collected {
        final List<Event> events = new ArrayList<>();
        final SourceCounters counters = new SourceCounters();
        ScapSummary summary;
    }

    private static Collected read(String sample) throws IOException {
        return read(sample, Event.DEFAULT_SNAPLEN);
    }

    private static Collected read(String sample, int snaplen) throws IOException {
        Collected c = new Collected();
        c.summary = ScapReader.read(ScapSamples.require(sample), e -> c.events.add(e.copy()), c.counters,
                ReadProgress.NONE, snaplen);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> table(Map<String, Object> expected, String key) {
        return new TreeMap<>((Map<String, Long>) (Map<String, ?>) expected.get(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "connect_localhost.scap", "curl_google.scap", "empty.scap",
        "open-multiple-files.scap", "single_ipv6_conn.scap", "syscall.scap"})
    void eventsPerTypeAreLibsinspsWithEnterFoldedIntoExit(String sample) throws IOException {
        Map<String, Object> expected = ScapSamples.expected(sample);
        Collected c = read(sample);

        Map<String, Long> byType = new TreeMap<>();
        for (Event e : c.events) {
            // libsinsp's figures count exits; sysql also keeps the calls that never returned (exit_group)
            if (!e.kind.isSnapshot() && e.returned()) {
                byType.merge(e.kind.name(), 1L, Long::sum);
            }
        }
        // Documented difference: captures of 2017 carry old-style container events (PPME_CONTAINER_E/_JSON);
        // today's libsinsp no longer returns them as events, sysql keeps them as 'container' events.
        byType.remove("container");

        assertThat(byType).isEqualTo(table(expected, "libsinsp_events_by_type"));
        assertThat(c.summary.partial()).isFalse();
        assertThat(c.summary.eventBlocks()).isEqualTo((Long) expected.get("event_blocks_in_file"));
        assertThat(c.counters.get(SourceCounters.PARSE_ERRORS)).isZero();
        assertThat(c.summary.firstTs()).isEqualTo(Long.parseLong((String) expected.get("first_ts_ns")));
        assertThat(c.summary.lastTs()).isEqualTo(Long.parseLong((String) expected.get("last_ts_ns")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "connect_localhost.scap", "curl_google.scap", "empty.scap",
        "open-multiple-files.scap", "single_ipv6_conn.scap", "syscall.scap"})
    void snapshotIsLibsinspsTablesAfterTheLists(String sample) throws IOException {
        Map<String, Object> expected = ScapSamples.expected(sample);
        Collected c = read(sample);

        long processes = c.events.stream().filter(e -> e.kind == EventKinds.SNAP_PROCESS).count();
        long threads = c.events.stream().filter(e -> e.kind == EventKinds.SNAP_THREAD).count();
        assertThat(processes).isEqualTo((Long) expected.get("processes_at_open"));
        assertThat(threads).isEqualTo((Long) expected.get("threads_at_open"));

        // libsinsp's figure counts a process's fd once per thread that shares the table; sysql emits each
        // open fd once per process, so weigh each snap_fd by its process's thread count to compare.
        Map<Integer, Long> threadsPerPid = new HashMap<>();
        c.events.stream().filter(e -> e.kind == EventKinds.SNAP_THREAD)
                .forEach(e -> threadsPerPid.merge(e.pid, 1L, Long::sum));
        Map<String, Long> fds = new TreeMap<>();
        for (Event e : c.events) {
            if (e.kind == EventKinds.SNAP_FD) {
                fds.merge(libsinspName(e, expected), threadsPerPid.getOrDefault(e.pid, 1L), Long::sum);
            }
        }
        assertThat(fds).isEqualTo(table(expected, "fds_at_open_by_type"));
    }

    /** libsinsp's fd type names: file or file_v2 (as that capture had it), fifo, ipv4_servsock... */
    private static String libsinspName(Event e, Map<String, Object> expected) {
        switch (e.fdType) {
            case FILE:
                return table(expected, "fds_at_open_by_type").containsKey("file_v2") ? "file_v2" : "file";
            case PIPE:
                return "fifo";
            case IPV4:
            case IPV6:
                // libsinsp's servsock is a listening socket; an accepted connection is server side too
                return e.fdType.sqlName() + (e.isServer && e.remoteIp == null ? "_servsock" : "");
            default:
                return e.fdType.sqlName();
        }
    }

    @Test
    void snapshotComesFirstUsersProcessesThreadsThenFds() throws IOException {
        Collected c = read("cat_write.scap");
        List<EventKind> order = new ArrayList<>();
        for (Event e : c.events) {
            if (order.isEmpty() || order.get(order.size() - 1) != e.kind) {
                order.add(e.kind);
            }
        }
        assertThat(order.subList(0, 5)).containsExactly(EventKinds.SNAP_USER, EventKinds.SNAP_GROUP,
                EventKinds.SNAP_PROCESS, EventKinds.SNAP_THREAD, EventKinds.SNAP_FD);
        Event root = c.events.stream().filter(e -> e.kind == EventKinds.SNAP_USER && e.uid == 0)
                .findFirst().orElseThrow();
        assertThat(root.name).isEqualTo("root");
        assertThat(root.home).isEqualTo("/root");
        Event init = c.events.stream().filter(e -> e.kind == EventKinds.SNAP_PROCESS && e.pid == 1)
                .findFirst().orElseThrow();
        assertThat(init.ppid).isZero();
        assertThat(init.name).isNotBlank();
        assertThat(init.cwd).isEqualTo("/");
        Event sshd = c.events.stream().filter(e -> e.kind == EventKinds.SNAP_FD && e.fdType == FdType.IPV4
                && e.isServer && e.localPort == 22).findFirst().orElseThrow();
        assertThat(sshd.localIp).isEqualTo("0.0.0.0");
        assertThat(sshd.l4proto).isEqualTo("tcp");
        assertThat(sshd.sockState).isEqualTo("LISTEN");
        // accepted before the capture: the fd list has no role, the listening port 22 tells it
        Event established = c.events.stream().filter(e -> e.kind == EventKinds.SNAP_FD
                && e.fdType == FdType.IPV4 && e.remoteIp != null && e.localPort == 22).findFirst().orElseThrow();
        assertThat(established.remoteIp).isEqualTo("10.0.2.2");
        assertThat(established.isServer).isTrue();
        assertThat(established.sockState).isEqualTo("ESTABLISHED");
    }

    @Test
    void connectToLocalhostDecodesTheEndpoint() throws IOException {
        Collected c = read("connect_localhost.scap");
        Event connect = c.events.stream().filter(e -> e.kind == EventKinds.CONNECT).findFirst().orElseThrow();
        assertThat(connect.fd).isEqualTo(4);
        assertThat(connect.fdType).isEqualTo(FdType.IPV4);
        assertThat(connect.sockFamily).isEqualTo(2);
        assertThat(connect.remoteIp).isEqualTo("127.0.0.1");
        assertThat(connect.remotePort).isEqualTo(80);
        assertThat(connect.localIp).isEqualTo("127.0.0.1");
        assertThat(connect.localPort).isPositive();
        assertThat(connect.errno).as("non-blocking connect: EINPROGRESS").isEqualTo(115);
        assertThat(connect.res).isEqualTo(-1);
        assertThat(connect.latencyNs).isPositive();
        Event socket = c.events.stream().filter(e -> e.kind == EventKinds.SOCKET && e.res == 4)
                .findFirst().orElseThrow();
        assertThat(socket.fdType).isEqualTo(FdType.IPV4);
        assertThat(socket.l4proto).isEqualTo("tcp");
    }

    @Test
    void catReadsCarryTheirDataAndExecveTheCommandLine() throws IOException {
        // The capture records `cat /dev/null`: it reads libc and /dev/null and never writes (libsinsp
        // lists no write either), so the data bytes checked are those of its read of libc.
        Collected c = read("cat_write.scap");
        Event execve = c.events.stream().filter(e -> e.kind == EventKinds.EXECVE).findFirst().orElseThrow();
        assertThat(execve.name).isEqualTo("cat");
        assertThat(execve.args).isEqualTo("cat /dev/null");
        Event libc = c.events.stream().filter(e -> e.kind == EventKinds.OPEN && e.path.endsWith("libc.so.6"))
                .findFirst().orElseThrow();
        assertThat(libc.pid).isEqualTo(execve.pid);
        assertThat(libc.fdType).isEqualTo(FdType.FILE);
        Event read = c.events.stream().filter(e -> e.kind == EventKinds.READ && e.fd == libc.res)
                .findFirst().orElseThrow();
        assertThat(read.res).isEqualTo(832);
        assertThat(read.data).hasSize(Event.DEFAULT_SNAPLEN);
        assertThat(new String(read.data, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("\u007fELF");
        Event exit = c.events.stream().filter(e -> e.kind == EventKinds.PROCEXIT).findFirst().orElseThrow();
        assertThat(exit.pid).isEqualTo(execve.pid);
        assertThat(exit.exitCode).isZero();
        assertThat(exit.signal).isZero();
        assertThat(c.events.stream().filter(e -> e.kind == EventKinds.of("fadvise64")).count())
                .as("a generic syscall named from its native number").isEqualTo(1);
    }

    @Test
    void ipv6ConnectionHasItsSocketTupleAndWriteItsData() throws IOException {
        Collected c = read("single_ipv6_conn.scap");
        Event accept = c.events.stream().filter(e -> e.kind == EventKinds.ACCEPT).findFirst().orElseThrow();
        assertThat(accept.fdType).isEqualTo(FdType.IPV6);
        assertThat(accept.sockFamily).isEqualTo(10);
        assertThat(accept.localIp).isEqualTo("2001:db8::3");
        assertThat(accept.localPort).isEqualTo(1234);
        assertThat(accept.remoteIp).isEqualTo("2001:db8::4");
        Event connect = c.events.stream().filter(e -> e.kind == EventKinds.CONNECT && e.fdType == FdType.IPV6)
                .findFirst().orElseThrow();
        assertThat(connect.remoteIp).isEqualTo("2001:db8::3");
        assertThat(connect.remotePort).isEqualTo(1234);
        assertThat(connect.localPort).isEqualTo(accept.remotePort);
        Event write = c.events.stream().filter(e -> e.kind == EventKinds.WRITE).findFirst().orElseThrow();
        assertThat(write.fd).isEqualTo(connect.fd);
        assertThat(new String(write.data, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("this is a test\n");

        Collected shortSnap = read("single_ipv6_conn.scap", 4);
        Event cut = shortSnap.events.stream().filter(e -> e.kind == EventKinds.WRITE).findFirst().orElseThrow();
        assertThat(cut.data).containsExactly('t', 'h', 'i', 's');
        assertThat(cut.res).isEqualTo(15);
    }

    @Test
    void cloneOfCurlIsSeenFromBothSides() throws IOException {
        Collected c = read("curl_google.scap");
        List<Event> clones = c.events.stream().filter(e -> e.kind == EventKinds.CLONE).toList();
        assertThat(clones).hasSize(2);
        Event parent = clones.stream().filter(e -> e.res > 0).findFirst().orElseThrow();
        Event child = clones.stream().filter(e -> e.res == 0).findFirst().orElseThrow();
        assertThat(child.tid).isEqualTo((int) parent.res);
        assertThat(child.name).isEqualTo("curl");
        assertThat(parent.flags & 0x10000).as("curl's resolver is a thread: CLONE_THREAD").isNotZero();
        assertThat(child.pid).isEqualTo(parent.pid);
        Event exec = c.events.stream().filter(e -> e.kind == EventKinds.EXECVE).findFirst().orElseThrow();
        assertThat(exec.args).isEqualTo("curl -6 http://www.google.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "connect_localhost.scap", "curl_google.scap", "empty.scap",
        "open-multiple-files.scap", "psp_run_as_user_0_container.scap", "single_ipv6_conn.scap", "syscall.scap",
        "test_ipv6_client.scap"})
    void unixSocketPathsOfTheFdListAreTheKernelsWithoutTheWritersLineEnd(String sample) throws IOException {
        List<Event> unix = read(sample).events.stream()
                .filter(e -> e.kind == EventKinds.SNAP_FD && e.fdType == FdType.UNIX && e.path != null).toList();
        assertThat(unix).extracting(e -> e.path).noneMatch(p -> p.endsWith("\n"));
    }

    @Test
    void theBoundSideOfAUnixSocketIsTheServer() throws IOException {
        List<Event> unix = read("test_ipv6_client.scap").events.stream()
                .filter(e -> e.kind == EventKinds.SNAP_FD && e.fdType == FdType.UNIX).toList();
        // systemd listens on its private socket; a client's end of a unix connection has no path
        assertThat(unix).filteredOn(e -> "/run/systemd/private".equals(e.path)).isNotEmpty().allMatch(e -> e.isServer);
        assertThat(unix).filteredOn(e -> e.path == null).isNotEmpty().noneMatch(e -> e.isServer);
    }

    @Test
    void systemdsPrivateSocketIsNamedAsTheKernelNamesIt() throws IOException {
        assertThat(read("test_ipv6_client.scap").events).filteredOn(e -> e.kind == EventKinds.SNAP_FD)
                .extracting(e -> e.path).contains("/run/systemd/private");
    }

    @Test
    void eventsInAContainerCarryTheirIdsInsideItsPidNamespace() throws IOException {
        Collected c = read("psp_run_as_user_0_container.scap");
        Event shell = c.events.stream().filter(e -> e.kind == EventKinds.SNAP_PROCESS && e.pid == 25754)
                .findFirst().orElseThrow();
        assertThat(shell.name).isEqualTo("bash");
        assertThat(shell.vpid).as("the container's shell is its namespace's init").isEqualTo(1);
        Event fork = c.events.stream().filter(e -> e.kind == EventKinds.CLONE && e.pid == 25754)
                .findFirst().orElseThrow();
        assertThat(fork.vtid).isEqualTo(1);
        assertThat(fork.res).as("the child's id inside the namespace").isEqualTo(6);
        Event exec = c.events.stream().filter(e -> e.kind == EventKinds.EXECVE && e.vpid == 6)
                .findFirst().orElseThrow();
        assertThat(exec.pid).as("the host pid the child's own clone exit gave").isEqualTo(32052);
        assertThat(exec.vtid).isEqualTo(6);
        Event host = c.events.stream().filter(e -> e.kind == EventKinds.SNAP_PROCESS && e.pid == 1)
                .findFirst().orElseThrow();
        assertThat(host.vpid).as("a host process is in the root namespace").isEqualTo(1);
        assertThat(c.events).filteredOn(e -> e.kind == EventKinds.SNAP_THREAD && e.vtid == Event.UNSET)
                .as("every thread of the snapshot has its namespace ids").isEmpty();
    }

    @Test
    void callsThatNeverReturnedAreKeptWithTheirArgumentsAndNoResult() throws IOException {
        Collected c = read("curl_google.scap");
        List<Event> neverReturned = c.events.stream().filter(e -> !e.returned()).toList();
        assertThat(neverReturned).extracting(e -> e.kind.name()).containsExactlyInAnyOrder("exit", "exit_group");
        Event exit = neverReturned.stream().filter(e -> e.kind == EventKinds.EXIT).findFirst().orElseThrow();
        Event threadDeath = c.events.stream().filter(e -> e.kind == EventKinds.PROCEXIT && e.tid == exit.tid)
                .findFirst().orElseThrow();
        assertThat(c.events.indexOf(exit)).as("before the death it caused")
                .isEqualTo(c.events.indexOf(threadDeath) - 1);
        assertThat(exit.ts).isLessThanOrEqualTo(threadDeath.ts);
        assertThat(exit.args).isNotNull();
    }

    @Test
    void callsStillBlockedWhenTheCaptureEndsAreKeptAtTheirEntryAsTheirThreadsLastCall() throws IOException {
        Collected c = read("psp_run_as_user_0_container.scap");
        List<Event> blocked = c.events.stream()
                .filter(e -> !e.returned() && !e.kind.isEntryOnly()).toList();
        assertThat(blocked).extracting(e -> e.kind.name()).contains("futex", "epoll_wait", "select", "nanosleep");
        assertThat(blocked).filteredOn(e -> e.kind == EventKinds.of("futex")).allMatch(e -> e.args != null);
        for (Event call : blocked) {
            assertThat(c.events).as("%s of thread %d never returned: no call of its thread follows", call.kind,
                    call.tid).filteredOn(e -> e.tid == call.tid && e.ts > call.ts && e.kind.isCall())
                    .isEmpty();
        }
        assertThat(blocked).extracting(e -> e.ts).isSorted();
    }

    @Test
    void theOldFormatsEntryOnlySigreturnIsKeptBeforeItsThreadsNextCall() throws IOException {
        // A 2017 driver records rt_sigreturn as an enter that no exit follows: the thread's next enter
        // tells that the call is over.
        Collected c = read("psp_run_as_user_0_container.scap");
        List<Event> events = c.events;
        List<Event> sigreturns = events.stream().filter(e -> e.kind == EventKinds.of("rt_sigreturn")).toList();
        assertThat(sigreturns).isNotEmpty().allMatch(e -> !e.returned());
        for (Event sigreturn : sigreturns) {
            Event next = events.subList(events.indexOf(sigreturn) + 1, events.size()).stream()
                    .filter(e -> e.tid == sigreturn.tid).findFirst().orElseThrow();
            assertThat(next.ts).as("the thread's next call comes after its sigreturn").isGreaterThan(sigreturn.ts);
        }
    }

    @Test
    void aPipeIsNamedByItsInodeAsTheFdListNamesPipes() throws IOException {
        Collected c = read("psp_run_as_user_0_container.scap");
        Event pipe = c.events.stream().filter(e -> e.kind == EventKinds.PIPE).findFirst().orElseThrow();
        assertThat(pipe.path).isEqualTo("pipe:[4168486]"); // the exit's ino
        assertThat(c.events).filteredOn(e -> e.kind == EventKinds.SNAP_FD && e.fdType == FdType.PIPE)
                .as("anonymous pipes of the fd list (fifos have their path)")
                .anyMatch(e -> e.path.matches("pipe:\\[\\d+]"));
    }

    @Test
    void summaryDescribesTheMachineAndTheFormat() throws IOException {
        Collected c = read("empty.scap");
        ScapSummary s = c.summary;
        assertThat(s.hostname()).isEqualTo("ubuntu");
        assertThat(s.numCpus()).isEqualTo(4);
        assertThat(s.majorVersion()).isEqualTo(1);
        assertThat(s.minorVersion()).isEqualTo(2);
        assertThat(s.compressed()).isTrue();
        assertThat(s.events()).isEqualTo(c.events.size());
        assertThat(s.blocks()).containsEntry("process list v9", 1L).containsEntry("interface list", 1L);
        assertThat(s.faultOffset()).isEqualTo(-1);
    }
}
