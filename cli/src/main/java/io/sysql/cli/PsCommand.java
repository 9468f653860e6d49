package io.sysql.cli;

import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "ps", mixinStandardHelpOptions = true,
        description = {"Processes and their threads (like sysdig's ps chisel), now or at any point.",
                "--where applies to the columns of processes plus tid, e.g. \"user_name = 'root'\" or",
                "\"pid IN (SELECT pid FROM fds WHERE type = 'ipv4' AND is_server",
                "AND local_port <> 80)\"."})
final class PsCommand extends StateChisel {
    PsCommand() {
        super(List.of(Column.of("TID", "tid"), Column.of("PID", "pid"), Column.of("USER", "user_name"),
                Column.of("VIRT", "vm_size_kb"), Column.of("RES", "vm_rss_kb"), Column.of("FDLIMIT", "fd_limit"),
                Column.of("CMD", "cmdline")),
                s -> "(SELECT t.tid, p.* FROM threads" + s.asOf() + " t JOIN processes" + s.asOf() + " p ON "
                        + s.sameProcess("t", "p") + ") AS p",
                "pid, tid");
    }
}
