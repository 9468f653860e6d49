package io.sysql.cli;

import io.sysql.jdbc.server.ServerConfig;
import io.sysql.jdbc.server.SysqlServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serve a page on loopback to look at a capture in a browser: the timeline, a cursor, the",
                "ps, lsof and netstat panes AS OF the cursor, the events around it, a search of written data",
                "and an SQL box. Read-only, without login (serve DIR --ui has users, passwords and TLS); no",
                "script or font comes from anywhere but this server."})
final class UiCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The capture directory (one capture, not a directory of them).")
    Path dir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8766", description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        UiPages.refuseSeveral(List.of(dir));
        ServerConfig config = ServerConfig.local(dir, port);
        SysqlServer server;
        try {
            server = SysqlServer.start(config, capture -> new UiPages(capture, dir, config.queryTimeoutSeconds()));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        System.err.println("sysql: ui of " + dir.toAbsolutePath() + " at " + server.httpUrl() + "/ (Ctrl-C stops it)");
        server.join();
        return 0;
    }
}
