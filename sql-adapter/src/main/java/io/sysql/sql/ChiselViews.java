package io.sysql.sql;

import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.sql.ChiselView.Columns;
import io.sysql.sql.ChiselView.Scope;
import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.SqlType;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every question of sysdig's chisels that a capture can answer, declared once as SQL over the capture's tables
 * (the chisel's filter and figures, from its Lua source): the schema registers each as a view and table
 * functions ({@link ChiselView}), {@code sysql top} ranks with the rankings' parts, and the README lists them
 * beside the chisels.
 */
public final class ChiselViews {
    private ChiselViews() {
    }

    /** The calls that move data (sysdig's {@code evt.is_io}: the read, write, send and receive families). */
    private static final String IO = "type IN (" + EventKinds.all().stream().filter(EventKind::movesData)
            .map(k -> "'" + k.name() + "'").sorted().collect(Collectors.joining(", ")) + ")";

    /** Those that bring data in ({@code evt.is_io_read}); the others send it out. */
    private static final String READS = "type IN (" + EventKinds.all().stream().filter(EventKind::movesData)
            .map(EventKind::name).filter(n -> n.startsWith("read") || n.startsWith("pread") || n.startsWith("recv"))
            .map(n -> "'" + n + "'").sorted().collect(Collectors.joining(", ")) + ")";

    /** Calls that moved data, each counting its result in bytes (what the chisels sum as {@code evt.rawarg.res}). */
    static final String MOVED_DATA = "res > 0 AND " + IO;

    static final String FILES = "fd_type = 'file'";
    static final String IP_SOCKETS = "fd_type IN ('ipv4', 'ipv6')";
    /** What the chisels count as system calls: not the snapshot's or the capture's own events. */
    static final String CALLS = "category NOT IN ('snapshot', 'meta')";

    /**
     * A ranking: the rows of {@code $events} meeting {@code condition}, grouped by the key columns, each with
     * its measure. {@code sysql top} ranks with the same parts.
     */
    public record Ranking(String name, String chisel, String meaning, List<Key> keys, String measure,
            String measureName, String measureMeaning, SqlType measureType, String condition, String from) {

        /** The key columns as {@code expression AS name}, in order. */
        public List<String> keyExpressions() {
            return keys.stream().map(k -> k.expression().equals(k.name()) ? k.name() : k.expression() + " AS " + k.name())
                    .toList();
        }

        public List<String> keyNames() {
            return keys.stream().map(Key::name).toList();
        }

        public List<String> keyValues() {
            return keys.stream().map(Key::expression).toList();
        }

        /** The FROM clause over {@code events}: a table or a subquery named events, with the columns keys need. */
        public String from(String events) {
            return from.replace(ChiselView.EVENTS, events);
        }

        ChiselView view() {
            Columns columns = new Columns();
            for (Key k : keys) {
                columns.add(k.name(), k.type(), k.meaning());
            }
            columns.add(measureName, measureType, measureMeaning);
            String sql = "SELECT " + String.join(", ", keyExpressions()) + ", " + measure + " AS " + measureName
                    + " FROM " + from + " WHERE " + condition + " GROUP BY " + String.join(", ", keyValues());
            return new ChiselView(name, chisel, meaning, Scope.EVENTS, List.of(), columns.list(), sql);
        }
    }

    /** A column a ranking groups by: the expression over its events, and the column it makes. */
    public record Key(String expression, String name, SqlType type, String meaning) {
    }

    private static Key key(String expression, String name, SqlType type, String meaning) {
        return new Key(expression, name, type, meaning);
    }

    private static final Key FILE = key("fd_name", "file", SqlType.VARCHAR, "the file's path");
    private static final Key PROC_NAME = key("proc_name", "proc_name", SqlType.VARCHAR, "process name");
    private static final Key PID = key("pid", "pid", SqlType.INTEGER, "process id");

    /**
     * Events with the server port of the fd they act on, from the fd's version that held before the event (a
     * version holds after each event from valid_from_num to valid_to_num).
     */
    private static final String EVENTS_WITH_SERVER_PORT = "(SELECT e.*, f.server_port FROM " + ChiselView.EVENTS
            + " e JOIN fds_history f ON f.pid = e.pid AND f.fd = e.fd AND f.valid_from_num < e.num"
            + " AND (f.valid_to_num IS NULL OR f.valid_to_num >= e.num - 1)) AS events";

    private static Ranking ranking(String name, String chisel, String meaning, List<Key> keys, String measure,
            String measureName, String measureMeaning, String condition) {
        return new Ranking(name, chisel, meaning, keys, measure, measureName, measureMeaning, SqlType.BIGINT,
                condition, ChiselView.EVENTS);
    }

    public static final Ranking TOP_SYSCALLS = ranking("top_syscalls", "topscalls", "system calls by count",
            List.of(key("type", "syscall", SqlType.VARCHAR, "the call")), "COUNT(*)", "calls", "calls made", CALLS);
    public static final Ranking TOP_SYSCALLS_TIME = ranking("top_syscalls_time", "topscalls_time",
            "system calls by the time spent in them",
            List.of(key("type", "syscall", SqlType.VARCHAR, "the call")), "SUM(latency_ns)", "time_ns",
            "ns spent in the calls (of the calls whose latency is known)", CALLS);
    public static final Ranking TOP_PROCESSES_ERRORS = ranking("top_processes_errors", "topprocs_errors",
            "processes by failed calls", List.of(PROC_NAME, PID), "COUNT(*)", "errors", "failed calls", "failed");
    public static final Ranking TOP_FILES = ranking("top_files", "topfiles_bytes", "files by bytes read and written",
            List.of(FILE), "SUM(res)", "bytes", "bytes read and written", FILES + " AND " + MOVED_DATA);
    public static final Ranking TOP_FILES_TIME = ranking("top_files_time", "topfiles_time",
            "files by the time spent reading and writing them", List.of(FILE), "SUM(latency_ns)", "time_ns",
            "ns spent in reads and writes (of those whose latency is known)", FILES + " AND " + IO);
    public static final Ranking TOP_FILES_ERRORS = ranking("top_files_errors", "topfiles_errors",
            "files by failed calls on them", List.of(FILE), "COUNT(*)", "errors", "failed calls on the file",
            FILES + " AND failed");
    public static final Ranking TOP_PROCESSES_FILE = ranking("top_processes_file", "topprocs_file",
            "processes by bytes read and written on files", List.of(PROC_NAME, PID), "SUM(res)", "bytes",
            "bytes read and written on files", FILES + " AND " + MOVED_DATA);
    public static final Ranking TOP_PROCESSES_NET = ranking("top_processes_net", "topprocs_net",
            "processes by bytes sent and received on IP sockets", List.of(PROC_NAME, PID), "SUM(res)", "bytes",
            "bytes sent and received", IP_SOCKETS + " AND " + MOVED_DATA);
    public static final Ranking TOP_CONNECTIONS = ranking("top_connections", "topconns",
            "IP sockets by bytes sent and received, named local end first",
            List.of(key("fd_type", "type", SqlType.VARCHAR, "ipv4 or ipv6"),
                    key("fd_name", "connection", SqlType.VARCHAR, "the socket's ends, local->remote")),
            "SUM(res)", "bytes", "bytes sent and received", IP_SOCKETS + " AND " + MOVED_DATA);
    public static final Ranking TOP_SERVER_PORTS = new Ranking("top_server_ports", "topports_server",
            "server ports by bytes sent and received on their connections",
            List.of(key("server_port", "port", SqlType.INTEGER, "the server side's port of the connection")),
            "SUM(res)", "bytes", "bytes sent and received", SqlType.BIGINT, IP_SOCKETS + " AND " + MOVED_DATA,
            EVENTS_WITH_SERVER_PORT);
    /**
     * Events with the CPU time their thread used since its version before: each event that set a thread's CPU
     * time (a sample, a procinfo, an exit) opens a version of it, the version before ends one event earlier, and
     * a thread's first reading counts from 0 when the thread started in the capture. Their sum over a window is
     * each thread's CPU time at its end minus that at its start, for threads that started or ended inside it too.
     * The first reading of a thread that was running before the capture is only where it starts from (as the
     * chisel, which sees the run times of context switches, counts no time from before the capture).
     */
    private static final String EVENTS_WITH_CPU_USED = "(SELECT e.*, t.cpu_ns - COALESCE(b.cpu_ns,"
            + " CASE WHEN t.start_ts >= (SELECT MIN(start_ts) FROM capture) THEN 0 END) AS cpu_used_ns"
            + " FROM " + ChiselView.EVENTS + " e JOIN threads_history t ON t.valid_from_num = e.num"
            + " LEFT JOIN threads_history b ON b.utid = t.utid AND b.valid_to_num = t.valid_from_num - 1) AS events";

    public static final Ranking TOP_PROCESSES_CPU = new Ranking("top_processes_cpu", "topprocs_cpu",
            "processes by CPU time used (user and system)", List.of(PROC_NAME, PID), "SUM(cpu_used_ns)", "cpu_ns",
            "CPU time used, ns, as the capture's readings of it tell", SqlType.BIGINT, "cpu_used_ns > 0",
            EVENTS_WITH_CPU_USED);
    public static final Ranking TOP_PROCESSES = ranking("top_processes", null, "processes by calls",
            List.of(PROC_NAME, PID), "COUNT(*)", "calls", "calls made", CALLS);

    /** The rankings, which {@code sysql top} offers too. */
    public static final List<Ranking> RANKINGS = List.of(TOP_SYSCALLS, TOP_SYSCALLS_TIME, TOP_PROCESSES_ERRORS,
            TOP_FILES, TOP_FILES_TIME, TOP_FILES_ERRORS, TOP_PROCESSES_FILE, TOP_PROCESSES_NET, TOP_CONNECTIONS,
            TOP_SERVER_PORTS, TOP_PROCESSES_CPU, TOP_PROCESSES);

    private static ChiselView ioBytes(String name, String chisel, String what, String condition) {
        return new ChiselView(name, chisel, what + " read and written per second", Scope.EVENTS, List.of(),
                new Columns().add("second_start", SqlType.TIMESTAMP, "the second")
                        .add("bytes_in", SqlType.BIGINT, "bytes read or received")
                        .add("bytes_out", SqlType.BIGINT, "bytes written or sent")
                        .add("bytes", SqlType.BIGINT, "both").list(),
                "SELECT time_bucket(INTERVAL '1' SECOND, event_time) AS second_start,"
                        + " SUM(CASE WHEN " + READS + " THEN res ELSE 0 END) AS bytes_in,"
                        + " SUM(CASE WHEN " + READS + " THEN 0 ELSE res END) AS bytes_out, SUM(res) AS bytes"
                        + " FROM " + ChiselView.EVENTS + " WHERE " + condition
                        + " GROUP BY time_bucket(INTERVAL '1' SECOND, event_time)");
    }

    /** A chisel that lists calls slower than a threshold in milliseconds. */
    private static ChiselView slower(String name, String chisel, String what, String condition) {
        return new ChiselView(name, chisel, what + " slower than min_ms milliseconds", Scope.EVENTS,
                List.of("min_ms"), callColumns().add("latency_ns", SqlType.BIGINT, "time in the call, ns").list(),
                "SELECT num, event_time, proc_name, pid, type AS syscall, fd_name, latency_ns FROM "
                        + ChiselView.EVENTS + " WHERE " + condition + " AND latency_ns > $min_ms * 1000000");
    }

    /** A process as it stood right after the exec {@code e}, as {@code l}. */
    private static final String SHELL_AT_EXEC = "processes FOR SYSTEM_TIME AS OF EVT(e.num) l";

    /**
     * The execs {@code e} whose process ({@code depth} 0) or ancestor ({@code depth} its distance), joined as
     * {@code l}, is a login shell then: one whose argv[0] begins with '-', as login, sshd, su -l and sudo -i
     * start the user's shell, and whose parent's does not (a subshell the login shell forks keeps its argv).
     */
    private static String execsUnderLoginShell(String depth, String joinShell) {
        return "SELECT e.num, e.event_time, " + depth + " AS depth, l.pid AS shell_pid, l.user_name, e.pid,"
                + " e.proc_name, e.args AS command FROM " + ChiselView.EVENTS + " e " + joinShell
                + " LEFT JOIN processes FOR SYSTEM_TIME AS OF EVT(e.num) parent ON parent.pid = l.ppid"
                + " WHERE e.type IN ('execve', 'execveat') AND NOT e.failed AND l.args LIKE '-%'"
                + " AND (parent.args IS NULL OR parent.args NOT LIKE '-%')";
    }

    private static Columns callColumns() {
        return new Columns().add("num", SqlType.BIGINT, "the event").add("event_time", SqlType.TIMESTAMP, "its time")
                .add("proc_name", SqlType.VARCHAR, "process name").add("pid", SqlType.INTEGER, "process id")
                .add("syscall", SqlType.VARCHAR, "the call").add("fd_name", SqlType.VARCHAR, "the fd's name");
    }

    /** The questions that are not rankings. */
    private static final List<ChiselView> OTHERS = List.of(
            ioBytes("io_bytes", "iobytes", "bytes of every kind of fd", MOVED_DATA),
            ioBytes("io_bytes_file", "iobytes_file", "file bytes", FILES + " AND " + MOVED_DATA),
            ioBytes("io_bytes_net", "iobytes_net", "network bytes", IP_SOCKETS + " AND " + MOVED_DATA),
            new ChiselView("io_bytes_by_fd", "fdbytes_by", "bytes read and written per process and fd name: group them by"
                    + " any of its columns", Scope.EVENTS, List.of(),
                    new Columns().add("proc_name", SqlType.VARCHAR, "process name").add("pid", SqlType.INTEGER, "process id")
                            .add("fd_type", SqlType.VARCHAR, "the fd's type").add("fd_name", SqlType.VARCHAR, "the fd's name")
                            .add("bytes_in", SqlType.BIGINT, "bytes read or received")
                            .add("bytes_out", SqlType.BIGINT, "bytes written or sent")
                            .add("bytes", SqlType.BIGINT, "both").list(),
                    "SELECT proc_name, pid, fd_type, fd_name, SUM(CASE WHEN " + READS + " THEN res ELSE 0 END),"
                            + " SUM(CASE WHEN " + READS + " THEN 0 ELSE res END), SUM(res) FROM " + ChiselView.EVENTS
                            + " WHERE " + MOVED_DATA + " GROUP BY proc_name, pid, fd_type, fd_name"),
            new ChiselView("open_fd_counts", "fdcount_by", "open fds per process and fd type: group them by any of its"
                    + " columns", Scope.STATE, List.of(),
                    new Columns().add("pid", SqlType.INTEGER, "process id").add("proc_name", SqlType.VARCHAR, "process name")
                            .add("type", SqlType.VARCHAR, "fd type").add("fds", SqlType.BIGINT, "open fds").list(),
                    "SELECT pid, proc_name, type, COUNT(*) FROM fds GROUP BY pid, proc_name, type"),
            new ChiselView("listening_ports", "netstat (listening)", "sockets waiting for connections or datagrams:"
                    + " TCP LISTEN, and UDP or raw without a peer (UNCONN), as ss -l lists them", Scope.STATE, List.of(),
                    new Columns().add("proto", SqlType.VARCHAR, "tcp, udp or raw")
                            .add("address", SqlType.VARCHAR, "local ip:port")
                            .add("state", SqlType.VARCHAR, "LISTEN or UNCONN")
                            .add("pid", SqlType.INTEGER, "process id").add("proc_name", SqlType.VARCHAR, "process name")
                            .add("fd", SqlType.INTEGER, "the socket's fd").list(),
                    "SELECT proto, server_address, state, pid, proc_name, fd FROM connections"
                            + " WHERE state IN ('LISTEN', 'UNCONN')"),
            new ChiselView("container_list", "lscontainers", "the containers known at the point", Scope.STATE, List.of(),
                    new Columns().add("type", SqlType.VARCHAR, "runtime: docker, containerd, cri-o, podman...")
                            .add("image", SqlType.VARCHAR, "image").add("name", SqlType.VARCHAR, "name")
                            .add("id", SqlType.VARCHAR, "id").list(),
                    "SELECT runtime, image, name, id FROM containers"),
            new ChiselView("process_run_times", "proc_exec_time", "processes that ended, with how long they ran",
                    Scope.EVENTS, List.of(),
                    new Columns().add("num", SqlType.BIGINT, "the event that ended the process")
                            .add("pid", SqlType.INTEGER, "process id").add("name", SqlType.VARCHAR, "process name")
                            .add("args", SqlType.VARCHAR, "arguments")
                            .add("start_ts", SqlType.BIGINT, "when it started, ns since the epoch")
                            .add("exit_ts", SqlType.BIGINT, "when it ended, ns since the epoch")
                            .add("start_time", SqlType.TIMESTAMP, "start_ts as a time")
                            .add("exit_time", SqlType.TIMESTAMP, "exit_ts as a time")
                            .add("duration_ns", SqlType.BIGINT, "how long it ran, ns; null when its start is unknown")
                            .list(),
                    "SELECT e.num, p.pid, p.name, p.args, p.start_ts, p.exit_ts, p.start_time, p.exit_time,"
                            + " p.exit_ts - p.start_ts FROM "
                            + ChiselView.EVENTS + " e JOIN processes_history p ON p.pid = e.pid AND p.exited"
                            + " AND p.valid_from_num = e.num WHERE e.ends_process"),
            new ChiselView("user_activity", "spy_users", "the commands users run (successful execve) and the"
                    + " directories their shells enter (chdir)", Scope.EVENTS, List.of(),
                    new Columns().add("num", SqlType.BIGINT, "the event").add("event_time", SqlType.TIMESTAMP, "its time")
                            .add("user_name", SqlType.VARCHAR, "the process's user")
                            .add("pid", SqlType.INTEGER, "process id").add("proc_name", SqlType.VARCHAR, "process name")
                            .add("activity", SqlType.VARCHAR, "the command line run, or cd DIRECTORY").list(),
                    "SELECT e.num, e.event_time, p.user_name, e.pid, e.proc_name,"
                            + " CASE WHEN e.type = 'execve' THEN e.args ELSE 'cd ' || e.path END FROM "
                            + ChiselView.EVENTS + " e LEFT JOIN processes_history p ON p.pid = e.pid"
                            + " AND p.valid_from_num <= e.num AND (p.valid_to_num IS NULL OR p.valid_to_num >= e.num)"
                            + " WHERE NOT e.failed AND (e.type = 'execve' OR e.type = 'chdir'"
                            + " AND e.proc_name LIKE '%sh%' AND e.proc_name NOT LIKE '%sshd%')"),
            new ChiselView("login_shell_commands", "list_login_shells", "the commands run in login sessions: each"
                    + " program started (successful execve) with the login shell it runs under (the nearest one a"
                    + " login program started among the process and its ancestors)", Scope.EVENTS, List.of(),
                    new Columns().add("num", SqlType.BIGINT, "the execve").add("event_time", SqlType.TIMESTAMP, "its time")
                            .add("shell_pid", SqlType.INTEGER, "the login shell's pid: the session's id")
                            .add("user_name", SqlType.VARCHAR, "the login shell's user")
                            .add("pid", SqlType.INTEGER, "the process that runs it")
                            .add("proc_name", SqlType.VARCHAR, "the program's name")
                            .add("command", SqlType.VARCHAR, "its command line").list(),
                    "SELECT num, event_time, shell_pid, user_name, pid, proc_name, command FROM (SELECT s.*,"
                            + " ROW_NUMBER() OVER (PARTITION BY num ORDER BY depth) AS nearest FROM ("
                            + execsUnderLoginShell("0", "JOIN " + SHELL_AT_EXEC + " ON l.pid = e.pid") + " UNION ALL "
                            + execsUnderLoginShell("a.depth", "JOIN ancestors FOR SYSTEM_TIME AS OF EVT(e.num) a ON"
                                    + " a.pid = e.pid JOIN " + SHELL_AT_EXEC + " ON l.upid = a.ancestor_upid")
                            + ") AS s) AS n WHERE nearest = 1"),
            new ChiselView("io_data", "echo_fds", "the data each read and write moved (its first --snaplen bytes)",
                    Scope.EVENTS, List.of(),
                    callColumns().add("direction", SqlType.VARCHAR, "read or write")
                            .add("bytes", SqlType.BIGINT, "bytes moved")
                            .add("data", SqlType.VARCHAR, "the first bytes, non-printable ones as '.'").list(),
                    "SELECT num, event_time, proc_name, pid, type, fd_name, CASE WHEN " + READS
                            + " THEN 'read' ELSE 'write' END, res, buffer FROM " + ChiselView.EVENTS + " WHERE "
                            + MOVED_DATA),
            slower("slow_file_io", "fileslower", "file reads and writes", FILES + " AND " + IO),
            slower("slow_net_io", "netlower", "network reads and writes", IP_SOCKETS + " AND " + IO),
            slower("slow_syscalls", "scallslower", "system calls", CALLS),
            new ChiselView("slowest_syscalls", "bottlenecks", "the 10 slowest system calls", Scope.EVENTS, List.of(),
                    callColumns().add("args", SqlType.VARCHAR, "arguments")
                            .add("latency_ns", SqlType.BIGINT, "time in the call, ns").list(),
                    "SELECT num, event_time, proc_name, pid, type, fd_name, args, latency_ns FROM " + ChiselView.EVENTS
                            + " WHERE " + CALLS + " AND latency_ns IS NOT NULL ORDER BY latency_ns DESC LIMIT 10"));

    /** Every question, in the order the README lists them. */
    static final List<ChiselView> ALL = java.util.stream.Stream.concat(RANKINGS.stream().map(Ranking::view),
            OTHERS.stream()).toList();

    /** The declared columns of a question by name (for the JDBC metadata's remarks), or null. */
    public static List<Column<Object[]>> columnsOf(String name) {
        return ALL.stream().filter(v -> v.name().equalsIgnoreCase(name)).map(ChiselView::columns).findFirst()
                .orElse(null);
    }

    /** What a question means, or null when there is none of that name. */
    public static String meaningOf(String name) {
        return ALL.stream().filter(v -> v.name().equalsIgnoreCase(name))
                .map(v -> v.meaning() + (v.chisel() == null ? "" : " (sysdig's " + v.chisel() + ")")).findFirst()
                .orElse(null);
    }
}
