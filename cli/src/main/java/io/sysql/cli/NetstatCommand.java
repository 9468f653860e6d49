package io.sysql.cli;

import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "netstat", mixinStandardHelpOptions = true,
        description = {"Network connections (like sysdig's netstat chisel), now or at any point.",
                "--where applies to the columns of connections, e.g. \"state = 'LISTEN'\"."})
final class NetstatCommand extends StateChisel {
    NetstatCommand() {
        super(List.of(Column.of("Proto", "proto"), Column.of("Server Address", "server_address"),
                Column.of("Client Address", "client_address"), Column.of("State", "state"), Column.of("PID", "pid"),
                Column.of("Program Name", "proc_name")),
                s -> "connections" + s.asOf(),
                "proto, server_address, client_address");
    }
}
