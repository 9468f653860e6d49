package io.sysql.cli;

import picocli.CommandLine.Command;

@Command(name = "netstat", mixinStandardHelpOptions = true,
        description = {"Network connections (like sysdig's netstat chisel), now or at any point.",
                "--where applies to the columns of connections, e.g. \"state = 'LISTEN'\"."})
final class NetstatCommand extends ChiselCommand {
    @Override
    String sql(String asOf, String where) {
        return "SELECT proto AS \"Proto\", server_address AS \"Server Address\", client_address AS \"Client Address\","
                + " state AS \"State\", CAST(pid AS VARCHAR) || '/' || CAST(pid AS VARCHAR) || '/' || proc_name AS \"TID/PID/Program Name\"\n"
                + "FROM connections" + asOf + "\n"
                + "WHERE " + where + "\nORDER BY proto, server_address, client_address";
    }
}
