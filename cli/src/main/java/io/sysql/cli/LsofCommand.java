package io.sysql.cli;

import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "lsof", mixinStandardHelpOptions = true,
        description = {"Open files and sockets of processes (like sysdig's lsof chisel), now or at any",
                "point. --where applies to the columns of fds (plus user_name), e.g.",
                "\"proc_name = 'leaky'\". Fds belong to processes: there is no thread column."})
final class LsofCommand extends StateChisel {
    LsofCommand() {
        super(List.of(new Column("COMMAND", "command", "proc_name"), Column.of("PID", "pid"),
                Column.of("USER", "user_name"), Column.of("FD", "fd"), Column.of("TYPE", "type"), Column.of("NAME", "name")),
                s -> "(SELECT f.*, p.user_name FROM fds" + s.asOf() + " f JOIN processes" + s.asOf()
                        + " p ON " + s.sameProcess("f", "p") + ") AS f",
                "pid, fd");
    }
}
