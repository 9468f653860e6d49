package io.sysql.cli;

import picocli.CommandLine.Command;

@Command(name = "lsof", mixinStandardHelpOptions = true,
        description = {"Open files and sockets of processes (like sysdig's lsof chisel), now or at any point.",
                "--where applies to the columns of fds (plus user_name), e.g. \"proc_name = 'leaky'\"."})
final class LsofCommand extends ChiselCommand {
    @Override
    String sql(String asOf, String where) {
        return "SELECT proc_name AS \"COMMAND\", pid AS \"PID\", pid AS \"TID\", user_name AS \"USER\", fd AS \"FD\","
                + " type AS \"TYPE\", name AS \"NAME\"\n"
                + "FROM (SELECT f.*, p.user_name FROM fds" + asOf + " f JOIN processes" + asOf
                + " p ON f.upid = p.upid) AS f\n"
                + "WHERE " + where + "\nORDER BY pid, fd";
    }
}
