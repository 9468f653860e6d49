package io.sysql.cli;

import picocli.CommandLine.Command;

@Command(name = "ps", mixinStandardHelpOptions = true,
        description = {"Processes and their threads (like sysdig's ps chisel), now or at any point.",
                "--where applies to the columns of processes plus tid, e.g. \"user_name = 'root'\" or",
                "\"pid IN (SELECT pid FROM fds WHERE type = 'ipv4' AND is_server AND local_port <> 80)\"."})
final class PsCommand extends ChiselCommand {
    @Override
    String sql(String asOf, String where) {
        return "SELECT tid AS \"TID\", pid AS \"PID\", user_name AS \"USER\", vm_size_kb AS \"VIRT\","
                + " vm_rss_kb AS \"RES\", fd_limit AS \"FDLIMIT\", cmdline AS \"CMD\"\n"
                + "FROM (SELECT t.tid, p.* FROM threads" + asOf + " t JOIN processes" + asOf
                + " p ON t.upid = p.upid) AS p\n"
                + "WHERE " + where + "\nORDER BY pid, tid";
    }
}
