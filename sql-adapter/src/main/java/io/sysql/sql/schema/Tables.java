package io.sysql.sql.schema;

import io.sysql.capture.event.Errno;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.history.ContainerRow;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.HistoryIndex.UserEntry;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;
import io.sysql.storage.history.Version;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * Every table of a capture, declared once: the SQL layer, the JDBC metadata and the documentation all
 * read these declarations. Column names follow sysdig's field names in snake_case. Times are BIGINT
 * nanoseconds since the epoch ({@code ts}, {@code *_ts}); each has a time twin ({@link TableDef.Builder#timeOf}),
 * the same instant as a TIMESTAMP for humans and date functions, declared right after it and named by one rule:
 * {@code X_ts} has {@code X_time}, and {@code events.ts} has {@code event_time}.
 */
public final class Tables {
    private Tables() {
    }

    /** Ancestor chains longer than this are cut: a cycle in a damaged capture must not hang a query. */
    private static final int MAX_ANCESTOR_DEPTH = 4096;

    private static final List<Column<ProcessRow>> PROCESS = TableDef.<ProcessRow>builder("process", TableKind.STATE, "")
            .bigint("upid", "unique id of this process incarnation (pids are reused, upids never)", p -> p.upid)
            .integer("pid", "process id (thread group id)", p -> p.pid)
            .integer("ppid", "parent process id", p -> p.ppid)
            .integer("vpid", "pid inside the process's pid namespace (as the process itself sees it, e.g. in a "
                    + "container); equal to pid on the host; null when unknown", p -> p.vpid < 0 ? null : p.vpid)
            .bigint("parent_upid", "upid of the parent incarnation; null when the parent is not in the capture",
                    p -> p.parentUpid < 0 ? null : p.parentUpid)
            .varchar("name", "command name (comm, at most 15 characters)", p -> p.name)
            .varchar("exe", "executable file", p -> p.exe)
            .varchar("args", "arguments, argv joined by spaces (argv[0] first)", p -> p.args)
            .varchar("cmdline", "command line as ps shows it: args, or [name] for kernel threads", ProcessRow::cmdline)
            .varchar("cwd", "current working directory", p -> p.cwd)
            .integer("uid", "effective user id", p -> p.uid < 0 ? null : p.uid)
            .varchar("user_name", "user name of uid at capture start", p -> p.userName)
            .integer("gid", "effective group id", p -> p.gid < 0 ? null : p.gid)
            .varchar("group_name", "group name of gid at capture start", p -> p.groupName)
            .bigint("start_ts", "when the process started, ns since the epoch", p -> p.startTs == 0 ? null : p.startTs)
            .timeOf("start_ts")
            .bigint("exit_ts", "when the process died, ns since the epoch; null while alive", p -> p.exited ? p.exitTs : null)
            .timeOf("exit_ts")
            .integer("exit_code", "exit status; null while alive, -1 when killed by a signal",
                    p -> p.exited ? p.exitCode : null)
            .integer("exit_signal", "signal that killed the process, or null", p -> p.exitSignal == 0 ? null : p.exitSignal)
            .bool("exited", "the process has died at this point (it is still listed AS OF its death)", p -> p.exited)
            .bigint("vm_size_kb", "virtual memory size in KiB (from the /proc snapshot)", p -> p.vmSizeKb == 0 ? null : p.vmSizeKb)
            .bigint("vm_rss_kb", "resident memory in KiB (from the /proc snapshot)", p -> p.vmRssKb == 0 ? null : p.vmRssKb)
            .bigint("fd_limit", "maximum number of open fds (RLIMIT_NOFILE)", p -> p.fdLimit == 0 ? null : p.fdLimit)
            .varchar("container_id", "id of the container the process runs in (12 hex digits for docker, containerd, "
                    + "cri-o and podman); null on the host", p -> p.containerId)
            .varchar("container_name", "name of that container, when the capture or the runtime's state tells",
                    p -> p.containerName)
            .varchar("container_image", "image of that container, when the capture or the runtime's state tells",
                    p -> p.containerImage)
            .bigint("cpu_ns", "CPU time its threads used, user + system, ns, as last sampled at or before the point"
                    + " (the sum over the threads the capture saw; README: precision by source); null when unknown",
                    p -> p.cpuUserNs < 0 ? null : p.cpuUserNs + p.cpuSystemNs)
            .bigint("cpu_user_ns", "CPU time its threads used in user mode, ns; null when unknown",
                    p -> p.cpuUserNs < 0 ? null : p.cpuUserNs)
            .bigint("cpu_system_ns", "CPU time its threads used in the kernel, ns; null when unknown",
                    p -> p.cpuSystemNs < 0 ? null : p.cpuSystemNs)
            .build().columns();

    private static final List<Column<ThreadRow>> THREAD = TableDef.<ThreadRow>builder("thread", TableKind.STATE, "")
            .bigint("utid", "unique id of this thread incarnation", t -> t.utid)
            .integer("tid", "thread id", t -> t.tid)
            .integer("vtid", "tid inside the thread's pid namespace; equal to tid on the host; null when unknown",
                    t -> t.vtid < 0 ? null : t.vtid)
            .integer("pid", "process id of the thread's process", t -> t.pid)
            .bigint("upid", "upid of the thread's process", t -> t.upid)
            .varchar("name", "thread name (comm)", t -> t.name)
            .bool("is_main", "the thread is the process's main thread (tid = pid)", ThreadRow::isMain)
            .bigint("start_ts", "when the thread started, ns since the epoch; null when unknown (a snapshot"
                    + " tells when each process started, not its other threads)", t -> t.startTs == 0 ? null : t.startTs)
            .timeOf("start_ts")
            .bigint("exit_ts", "when the thread died, ns since the epoch; null while alive", t -> t.exited ? t.exitTs : null)
            .timeOf("exit_ts")
            .bool("exited", "the thread has died at this point", t -> t.exited)
            .bigint("cpu_ns", "CPU time the thread used since it started, user + system, ns, as last sampled at or"
                    + " before the point (README: precision by source); null when unknown",
                    t -> t.hasCpu() ? t.cpuUserNs + t.cpuSystemNs : null)
            .bigint("cpu_user_ns", "CPU time the thread used in user mode since it started, ns; null when unknown",
                    t -> t.hasCpu() ? t.cpuUserNs : null)
            .bigint("cpu_system_ns", "CPU time the thread used in the kernel since it started, ns; null when unknown",
                    t -> t.hasCpu() ? t.cpuSystemNs : null)
            .build().columns();

    private static final List<Column<FdRow>> FD = TableDef.<FdRow>builder("fd", TableKind.STATE, "")
            .bigint("ufd", "unique id of this fd incarnation", f -> f.ufd)
            .bigint("upid", "upid of the owning process", f -> f.upid)
            .integer("pid", "pid of the owning process", f -> f.pid)
            .varchar("proc_name", "name of the owning process at this point", f -> f.procName)
            .integer("fd", "fd number", f -> f.fd)
            .varchar("type", "file, directory, ipv4, ipv6, unix, pipe, event, signalfd, eventpoll, inotify, timerfd, "
                    + "memfd, netlink, pidfd or other", f -> f.type == null ? null : f.type.sqlName())
            .varchar("type_char", "one-letter type as sysdig's fd.typechar (f, 4, 6, u, p, ...)",
                    f -> f.type == null ? null : String.valueOf(f.type.letter()))
            .varchar("name", "file path; a socket's ends as local->remote, the local end alone while"
                    + " unconnected (sysdig's fd.name orders them client->server)", f -> f.name)
            .varchar("directory", "directory of a file fd", f -> pathPart(f, true))
            .varchar("filename", "last path component of a file fd", f -> pathPart(f, false))
            .bigint("flags", "open flags as fdinfo shows them (O_CLOEXEC = 524288)", f -> f.flags)
            .bool("cloexec", "the fd is closed by execve", FdRow::closeOnExec)
            .varchar("l4proto", "tcp, udp or raw for IP sockets", f -> f.l4proto)
            .integer("sock_family", "socket family: 1 unix, 2 inet, 10 inet6, 16 netlink", f -> f.sockFamily == 0 ? null : f.sockFamily)
            .bool("is_server", "the socket listens or was accepted (server side)", f -> f.type != null && f.type.isSocket() ? f.isServer : null)
            .varchar("local_ip", "local address of an IP socket", f -> f.localIp)
            .integer("local_port", "local port of an IP socket", f -> f.localIp == null ? null : f.localPort)
            .varchar("remote_ip", "remote address of a connected IP socket", f -> f.remoteIp)
            .integer("remote_port", "remote port of a connected IP socket", f -> f.remoteIp == null ? null : f.remotePort)
            .varchar("client_ip", "client side address of an IP socket", f -> f.isServer ? f.remoteIp : f.localIp)
            .integer("client_port", "client side port of an IP socket", f -> port(f, !f.isServer))
            .varchar("server_ip", "server side address of an IP socket", f -> f.isServer ? f.localIp : f.remoteIp)
            .integer("server_port", "server side port of an IP socket", f -> port(f, f.isServer))
            .varchar("sock_state", "socket state in ss's words (LISTEN, ESTABLISHED, SYN_SENT, FIN_WAIT2, CLOSE...; UNCONN: UDP without a peer) when known", f -> f.sockState)
            .bigint("opened_num", "event that opened this fd incarnation", f -> f.openedNum)
            .bigint("opened_ts", "when this fd incarnation was opened, ns since the epoch", f -> f.openedTs)
            .timeOf("opened_ts")
            .build().columns();

    private static final List<Column<Version>> VALIDITY = TableDef.<Version>builder("version", TableKind.HISTORY, "")
            .bigint("valid_from_num", "first event after which this version holds", v -> v.validFromNum)
            .bigint("valid_to_num", "last event after which this version holds; null while still valid",
                    v -> v.isOpen() ? null : v.validToNum())
            .bigint("valid_from_ts", "timestamp of valid_from_num, ns since the epoch", v -> v.validFromTs)
            .timeOf("valid_from_ts")
            .bigint("valid_to_ts", "timestamp of valid_to_num, ns since the epoch; null while still valid",
                    v -> v.isOpen() ? null : v.validToTs())
            .timeOf("valid_to_ts")
            .build().columns();

    public static final TableDef<ProcessAt> PROCESSES = TableDef.<ProcessAt>builder("processes", TableKind.STATE,
                    "one row per process at the point (the end of the capture unless AS OF)")
            .addAll(PROCESS, ProcessAt::process)
            .bigint("fd_count", "number of open fds at the point", ProcessAt::fdCount)
            .bigint("threads", "number of threads at the point", ProcessAt::threadCount)
            .rowsAt(Tables::processesAt)
            .build();

    public static final TableDef<ThreadRow> THREADS = TableDef.<ThreadRow>builder("threads", TableKind.STATE,
                    "one row per thread at the point")
            .addAll(THREAD, t -> t)
            .rowsAt((i, num) -> i.threads().validAt(num))
            .processRowsAt((i, num, pid) -> i.threads().validAt(num, pid))
            .build();

    public static final TableDef<FdRow> FDS = TableDef.<FdRow>builder("fds", TableKind.STATE,
                    "one row per open fd of a process at the point (lsof)")
            .addAll(FD, f -> f)
            .rowsAt((i, num) -> i.fds().validAt(num))
            .processRowsAt((i, num, pid) -> i.fds().validAt(num, pid))
            .build();

    private static final List<Column<FdRow>> CONNECTION = TableDef.<FdRow>builder("connection", TableKind.STATE, "")
            .varchar("proto", "tcp, udp or raw", f -> f.l4proto)
            .varchar("server_address", "server side ip:port", f -> address(f, true))
            .varchar("client_address", "client side ip:port; null for a listening socket", f -> address(f, false))
            .varchar("state", "socket state in ss's words (LISTEN, ESTABLISHED, SYN_SENT, FIN_WAIT2, CLOSE...; UNCONN: UDP without a peer) when known", f -> f.sockState)
            .integer("pid", "pid of the owning process", f -> f.pid)
            .bigint("upid", "upid of the owning process", f -> f.upid)
            .varchar("proc_name", "name of the owning process at the point", f -> f.procName)
            .integer("fd", "fd number of the socket", f -> f.fd)
            .bigint("ufd", "unique id of the fd incarnation", f -> f.ufd)
            .build().columns();

    public static final TableDef<FdRow> CONNECTIONS = TableDef.<FdRow>builder("connections", TableKind.STATE,
                    "one row per IP socket at the point (netstat)")
            .addAll(CONNECTION, f -> f)
            .rowsAt(Tables::connectionsAt)
            .build();

    public static final TableDef<Ancestor> ANCESTORS = TableDef.<Ancestor>builder("ancestors", TableKind.STATE,
                    "one row per (process, ancestor) at the point, following the parent chain")
            .integer("pid", "pid of the process", a -> a.process().pid)
            .bigint("upid", "upid of the process", a -> a.process().upid)
            .integer("depth", "1 for the parent, 2 for the grandparent, ...", Ancestor::depth)
            .integer("ancestor_pid", "pid of the ancestor", Ancestor::ancestorPid)
            .bigint("ancestor_upid", "upid of the ancestor; null when it is not in the capture",
                    a -> a.ancestor() == null ? null : a.ancestor().upid)
            .varchar("ancestor_name", "name of the ancestor at the point; null when it is not in the capture",
                    a -> a.ancestor() == null ? null : a.ancestor().name)
            .rowsAt(Tables::ancestorsAt)
            .build();

    public static final TableDef<ContainerRow> CONTAINERS = TableDef.<ContainerRow>builder("containers",
                    TableKind.STATE, "one row per container known at the point (from the capture's container "
                    + "metadata or its processes' cgroups)")
            .varchar("id", "container id (12 hex digits for docker, containerd, cri-o and podman)", c -> c.id)
            .varchar("name", "container name, when known", c -> c.name)
            .varchar("image", "image the container runs, when known", c -> c.image)
            .varchar("runtime", "docker, containerd, cri-o, podman, ...", c -> c.runtime)
            .bigint("first_seen_ts", "when the capture first saw the container, ns since the epoch", c -> c.firstSeenTs)
            .timeOf("first_seen_ts")
            .bigint("last_seen_ts", "when its last process in the capture ended, ns since the epoch; null while one "
                    + "runs or when none was seen", c -> c.lastSeenTs == 0 ? null : c.lastSeenTs)
            .timeOf("last_seen_ts")
            .rowsAt((i, num) -> i.containers().validAt(num))
            .build();

    /** Columns of {@link #EVENTS} read from an event's head; the others need its body decoded. */
    public static final Set<String> EVENT_HEAD_COLUMNS = Set.of("num", "ts", "event_time", "latency_ns", "cpu", "pid",
            "tid", "type", "res", "failed", "errno", "errno_name", "ends_process");

    public static final TableDef<Event> EVENTS = TableDef.<Event>builder("events", TableKind.EVENTS,
                    "one row per system call (entry and exit merged) or synthetic event, in journal order")
            .bigint("num", "event number, dense from 1 in journal order", e -> e.num)
            .bigint("ts", "when the call returned, ns since the epoch", e -> e.ts)
            .timeOf("event_time", "ts", "ts as a TIMESTAMP (in the connection's time zone; nanoseconds shown, see README)")
            .bigint("latency_ns", "time from entry to exit in ns; null when unknown", e -> e.latencyNs == 0 ? null : e.latencyNs)
            .integer("cpu", "cpu the call ran on; null when unknown", e -> e.cpu < 0 ? null : e.cpu)
            .integer("pid", "process id (thread group id)", e -> e.pid)
            .integer("tid", "thread id", e -> e.tid)
            .varchar("type", "system call name (openat, read, ...) or snap_*/procexit/drop/unknown", e -> e.kind.name())
            .bigint("res", "return value (new fd, bytes moved, child pid, ...); -1 on failure; null when the call"
                    + " never returned (exit, exit_group, rt_sigreturn, or its thread died in it)",
                    e -> e.returned() ? e.res : null)
            .bool("failed", "the call failed (errno set); null when it never returned",
                    e -> e.returned() ? e.failed() : null)
            .integer("errno", "errno when the call failed, else 0; null when it never returned",
                    e -> e.returned() ? e.errno : null)
            .varchar("errno_name", "symbolic errno (ENOENT, ...) when the call failed", e -> Errno.name(e.errno))
            .varchar("proc_name", "process name as it was at this event", e -> e.procName)
            .integer("fd", "fd the call acts on or the first fd it creates", e -> e.fd < 0 ? null : e.fd)
            .integer("fd2", "second fd (dup2 target, pipe's other end, close_range's last)", e -> e.fd2 < 0 ? null : e.fd2)
            .varchar("fd_name", "name of the fd (path or endpoints) as it was at this event", e -> e.fdName)
            .varchar("fd_type", "type of the fd (file, ipv4, pipe, ...)", e -> e.fdType == null ? null : e.fdType.sqlName())
            .varchar("path", "file path argument (open, execve, chdir, ...)", e -> e.path)
            .bigint("flags", "call flags (open flags, clone flags, fcntl command, ...)", e -> e.flags)
            .bigint("mode", "call mode (open mode, fcntl argument, socket protocol)", e -> e.mode)
            .varchar("args", "raw argument text, or argv for execve", e -> e.args)
            .varchar("name", "new command name (execve), user or group name (snap_user, snap_group), container name "
                    + "(container)", e -> e.name)
            .varchar("exe", "executable (execve, snap_process)", e -> e.exe)
            .integer("uid", "new effective uid (setuid family, snapshot)", e -> e.uid < 0 ? null : e.uid)
            .integer("gid", "new effective gid (setgid family, snapshot)", e -> e.gid < 0 ? null : e.gid)
            .integer("exit_code", "exit status (exit, exit_group, procexit)", e -> e.exitCode)
            .integer("signal", "signal that killed the thread (procexit)", e -> e.signal == 0 ? null : e.signal)
            .bool("ends_process", "the process ended here: the procexit of its last thread (other procexits"
                    + " end one thread)", e -> e.endsProcess)
            .varchar("l4proto", "tcp, udp or raw for socket calls", e -> e.l4proto)
            .varchar("local_ip", "local address of a socket call", e -> e.localIp)
            .integer("local_port", "local port of a socket call", e -> e.localIp == null ? null : e.localPort)
            .varchar("remote_ip", "remote address of a socket call", e -> e.remoteIp)
            .integer("remote_port", "remote port of a socket call", e -> e.remoteIp == null ? null : e.remotePort)
            .varchar("buffer", "first bytes of the data moved, non-printable bytes shown as '.'",
                    e -> PrintableText.of(e.data))
            .integer("buffer_len", "number of data bytes kept (at most the capture's snaplen)",
                    e -> e.data == null ? null : e.data.length)
            .varchar("category", "what the call is about (file, net, process, ipc, memory, signal, time, other),"
                    + " or snapshot/meta for the capture's own events",
                    e -> e.kind.category().name().toLowerCase(Locale.ROOT))
            .build();

    public static final TableDef<ProcessRow> PROCESSES_HISTORY = TableDef.<ProcessRow>builder("processes_history",
                    TableKind.HISTORY, "every version of every process, with the span of events it holds for")
            .addAll(PROCESS, p -> p)
            .addAll(VALIDITY, p -> p)
            .rows(c -> visible(c.read(i -> new ArrayList<>(i.processes().all()))))
            .build();

    public static final TableDef<ThreadRow> THREADS_HISTORY = TableDef.<ThreadRow>builder("threads_history",
                    TableKind.HISTORY, "every version of every thread")
            .addAll(THREAD, t -> t)
            .addAll(VALIDITY, t -> t)
            .rows(c -> visible(c.read(i -> new ArrayList<>(i.threads().all()))))
            .build();

    public static final TableDef<FdRow> FDS_HISTORY = TableDef.<FdRow>builder("fds_history", TableKind.HISTORY,
                    "every version of every fd incarnation")
            .addAll(FD, f -> f)
            .addAll(VALIDITY, f -> f)
            .rows(c -> visible(c.read(i -> new ArrayList<>(i.fds().all()))))
            .build();

    public static final TableDef<FdRow> CONNECTIONS_HISTORY = TableDef.<FdRow>builder("connections_history",
                    TableKind.HISTORY, "every version of every IP socket")
            .addAll(CONNECTION, f -> f)
            .addAll(VALIDITY, f -> f)
            .rows(c -> visible(c.read(i -> ipSockets(i.fds().all()))))
            .build();

    public static final TableDef<UserEntry> USERS = TableDef.<UserEntry>builder("users", TableKind.CATALOG,
                    "/etc/passwd entries at capture start")
            .integer("uid", "user id", UserEntry::uid)
            .integer("gid", "primary group id", UserEntry::gid)
            .varchar("name", "user name", UserEntry::name)
            .varchar("home", "home directory", UserEntry::home)
            .varchar("shell", "login shell", UserEntry::shell)
            .rows(c -> c.read(i -> new ArrayList<>(i.users().values())))
            .build();

    public static final TableDef<GroupEntry> GROUPS = TableDef.<GroupEntry>builder("groups", TableKind.CATALOG,
                    "/etc/group entries at capture start")
            .integer("gid", "group id", GroupEntry::gid)
            .varchar("name", "group name", GroupEntry::name)
            .rows(c -> c.read(i -> i.groups().entrySet().stream()
                    .map(e -> new GroupEntry(e.getKey(), e.getValue())).toList()))
            .build();

    public static final TableDef<CaptureInfo> CAPTURE = TableDef.<CaptureInfo>builder("capture", TableKind.CATALOG,
                    "one row describing the capture")
            .varchar("path", "directory of the capture", c -> c.directory().toString())
            .varchar("host", "host name of the recording machine", c -> c.get(CaptureMetadata.HOST))
            .varchar("kernel", "kernel of the recording machine", c -> c.get(CaptureMetadata.KERNEL))
            .varchar("source", "where events came from (ebpf, strace, proc, scap, ...)", c -> c.get(CaptureMetadata.SOURCE))
            .varchar("command", "command recorded, if one was", c -> c.get(CaptureMetadata.COMMAND))
            .bigint("start_ts", "when recording started, ns since the epoch", c -> c.metadata().timestamp(CaptureMetadata.START_TS))
            .timeOf("start_ts")
            .bigint("end_ts", "when recording stopped (the last event while still recording), ns since the epoch;"
                    + " NULL when no event has a time", CaptureInfo::endTs)
            .timeOf("end_ts")
            .bigint("first_event_ts", "timestamp of event 1, NULL when no event has a time", CaptureInfo::firstEventTs)
            .timeOf("first_event_ts")
            .bigint("last_event_ts", "timestamp of the last event, NULL when no event has a time", CaptureInfo::lastEventTs)
            .timeOf("last_event_ts")
            .bigint("events", "number of events (the last event number)", CaptureInfo::events)
            .bigint("snapshot_events", "events of the initial /proc snapshot", c -> c.getLong(CaptureMetadata.SNAPSHOT_EVENTS))
            .bigint("drops", "events the kernel or the recorder lost", c -> c.metadata().counter("drops"))
            .bigint("parse_errors", "records the source could not decode", c -> c.metadata().counter("parse_errors"))
            .integer("snaplen", "data bytes kept per event", c -> toInt(c.getLong(CaptureMetadata.SNAPLEN)))
            .integer("format_version", "journal format version", c -> toInt(c.getLong(CaptureMetadata.FORMAT_VERSION)))
            .varchar("state", "recording, complete, partial, 'ended abruptly' (the recorder died before completing it),"
                    + " or damaged (see damage)", CaptureInfo::state)
            .varchar("damage", "null, or where the journal is damaged and which events are read: answers cover those"
                    + " only", CaptureInfo::damage)
            .integer("exit_status", "exit status of the recorded command, if one was", c -> toInt(c.getLong(CaptureMetadata.EXIT_STATUS)))
            .varchar("origin", "file a capture was imported from, if any", c -> c.get(CaptureMetadata.ORIGIN))
            .rows(c -> List.of(CaptureInfo.of(c)))
            .build();

    /** All tables in the order documentation lists them. */
    public static final List<TableDef<?>> ALL = List.of(PROCESSES, THREADS, FDS, CONNECTIONS, ANCESTORS, CONTAINERS, EVENTS,
            PROCESSES_HISTORY, THREADS_HISTORY, FDS_HISTORY, CONNECTIONS_HISTORY, USERS, GROUPS, CAPTURE);

    /** Processes with their fd and thread counts at the point. */
    private static List<ProcessAt> processesAt(HistoryIndex index, long num) {
        Map<Long, Long> fds = new HashMap<>();
        index.fds().forEachValidAt(num, f -> fds.merge(f.upid, 1L, Long::sum));
        Map<Long, Long> threads = new HashMap<>();
        index.threads().forEachValidAt(num, t -> threads.merge(t.upid, 1L, Long::sum));
        List<ProcessRow> processes = index.processes().validAt(num);
        List<ProcessAt> out = new ArrayList<>(processes.size());
        for (ProcessRow p : processes) {
            out.add(new ProcessAt(p, fds.getOrDefault(p.upid, 0L), threads.getOrDefault(p.upid, 0L)));
        }
        return out;
    }

    private static List<FdRow> connectionsAt(HistoryIndex index, long num) {
        return ipSockets(index.fds().validAt(num));
    }

    private static List<FdRow> ipSockets(Iterable<FdRow> fds) {
        List<FdRow> out = new ArrayList<>();
        for (FdRow f : fds) {
            if (f.type != null && f.type.isIp()) {
                out.add(f);
            }
        }
        return out;
    }

    /** Each process's parent chain at the point, cut at {@link #MAX_ANCESTOR_DEPTH}. */
    private static List<Ancestor> ancestorsAt(HistoryIndex index, long num) {
        List<ProcessRow> processes = index.processes().validAt(num);
        Map<Long, ProcessRow> byUpid = new HashMap<>();
        for (ProcessRow p : processes) {
            byUpid.put(p.upid, p);
        }
        List<Ancestor> out = new ArrayList<>();
        for (ProcessRow p : processes) {
            ProcessRow child = p;
            for (int depth = 1; depth <= MAX_ANCESTOR_DEPTH; depth++) {
                ProcessRow parent = child.parentUpid < 0 ? null : byUpid.get(child.parentUpid);
                if (parent == null) {
                    if (child.ppid > 0) {
                        out.add(new Ancestor(p, depth, child.ppid, null));
                    }
                    break;
                }
                out.add(new Ancestor(p, depth, parent.pid, parent));
                child = parent;
            }
        }
        return out;
    }

    /** Versions replaced within the event that opened them were never visible. */
    private static <V extends Version> List<V> visible(List<V> versions) {
        versions.removeIf(Version::isEmpty);
        return versions;
    }

    private static String pathPart(FdRow f, boolean directory) {
        if (f.type != FdType.FILE && f.type != FdType.DIRECTORY || f.name == null) {
            return null;
        }
        int slash = f.name.lastIndexOf('/');
        if (slash < 0) {
            return directory ? null : f.name;
        }
        if (directory) {
            return slash == 0 ? "/" : f.name.substring(0, slash);
        }
        return f.name.substring(slash + 1);
    }

    private static Integer port(FdRow f, boolean local) {
        String ip = local ? f.localIp : f.remoteIp;
        return ip == null ? null : local ? f.localPort : f.remotePort;
    }

    private static String address(FdRow f, boolean server) {
        String ip = server == f.isServer ? f.localIp : f.remoteIp;
        int port = server == f.isServer ? f.localPort : f.remotePort;
        if (ip == null) {
            return null;
        }
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static Integer toInt(Long v) {
        return v == null ? null : v.intValue();
    }
}
