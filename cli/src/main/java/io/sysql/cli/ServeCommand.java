package io.sysql.cli;

import io.sysql.jdbc.server.ServerConfig;
import io.sysql.jdbc.server.SysqlServer;
import io.sysql.sql.MemoryBudget;
import io.sysql.storage.Capture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a capture (or several as one) over JDBC (an Avatica HTTP server), read-only, time travel included.",
                "Clients: the standalone driver jdbc-remote/target/sysql-jdbc-remote.jar (URL printed at start),",
                "Avatica's own driver, or any HTTP client speaking Avatica's JSON protocol (--serialization json).",
                "Listens on 127.0.0.1 unless --bind says otherwise; another address needs --user and --password-file."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "DIR",
            description = "The capture directory to serve; several, or a directory holding captures, are served as"
                    + " one database with host and capture columns (as query DIR1 DIR2 does); none with --live.")
    List<Path> dirs = List.of();

    @Option(names = "--live", description = "Capture the whole machine with eBPF (root) in the background and serve"
            + " it: tables show the machine as it is now, AS OF reaches back to the server's start.")
    boolean live;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind = ServerConfig.LOOPBACK;

    @Option(names = "--user", paramLabel = "NAME", description = "Require HTTP Basic authentication as this user.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password.")
    Path passwordFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with the key in this JKS/PKCS12 keystore.")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File whose first line is the keystore's password.")
    Path tlsPasswordFile;

    @Option(names = "--serialization", paramLabel = "FORMAT",
            description = "protobuf (default, what the drivers use) or json (Avatica's JSON protocol, e.g. for curl).")
    String serialization = "protobuf";

    @Option(names = "--max-rows-per-frame", paramLabel = "N",
            description = "Most rows sent and buffered per result frame, whatever a client asks (default ${DEFAULT-VALUE}).")
    int maxRowsPerFrame = ServerConfig.DEFAULT_MAX_ROWS_PER_FRAME;

    @Option(names = "--query-timeout", paramLabel = "SECONDS",
            description = "Stop any query running longer than this; 0 for no limit (default ${DEFAULT-VALUE}).")
    int queryTimeout = ServerConfig.DEFAULT_QUERY_TIMEOUT_SECONDS;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Most connections open at once, from all clients; more are refused (default ${DEFAULT-VALUE}).")
    int maxConnections = ServerConfig.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--max-connections-per-client", paramLabel = "N",
            description = "Most connections open at once from one client address (default ${DEFAULT-VALUE}).")
    int maxConnectionsPerClient = ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_CLIENT;

    @Option(names = "--ui", description = "Serve also the ui's page (see sysql ui) at the server's address, under"
            + " the same --user and TLS.")
    boolean ui;

    @Option(names = "--max-memory", paramLabel = "MB",
            description = "Heap queries may hold (after garbage collection) before they are stopped with a message;"
                    + " default 80%% of the JVM's maximum heap (SYSQL_JAVA_OPTS=-Xmx... sets that).")
    Long maxMemoryMb;

    @Option(names = "--max-query-memory", paramLabel = "MB",
            description = "Rows one query may hold in memory (its sorts, joins, groups; estimated) before it is"
                    + " stopped with a message; default half of --max-memory.")
    Long maxQueryMemoryMb;

    @Override
    public Integer call() throws Exception {
        if (live == !dirs.isEmpty()) {
            throw new UserError(live ? "--live captures the machine: give no DIR" : "serve needs DIR (or --live)");
        }
        if (!live) {
            return serve(dirs);
        }
        try (LiveCapture capture = LiveCapture.start()) {
            return serve(List.of(capture.directory()));
        }
    }

    private int serve(List<Path> dirs) throws Exception {
        if (ui) {
            UiPages.refuseSeveral(dirs);
        }
        if (!serialization.equals("protobuf") && !serialization.equals("json")) {
            throw new UserError("--serialization is protobuf or json, not " + serialization);
        }
        if ((user == null) != (passwordFile == null)) {
            throw new UserError("--user and --password-file go together");
        }
        if ((tlsKeystore == null) != (tlsPasswordFile == null)) {
            throw new UserError("--tls-keystore and --tls-password-file go together");
        }
        ServerConfig config = ServerConfig.local(dirs, port).withBind(bind).withJson(serialization.equals("json"))
                .withLimits(maxRowsPerFrame, queryTimeout).withConnectionLimits(maxConnections, maxConnectionsPerClient);
        if (user != null) {
            config = config.withUser(user, firstLine(passwordFile));
        }
        if (tlsKeystore != null) {
            config = config.withTls(tlsKeystore, firstLine(tlsPasswordFile));
        }
        SysqlServer server;
        try {
            if (maxMemoryMb != null) {
                MemoryBudget.set(maxMemoryMb << 20);
            }
            if (maxQueryMemoryMb != null) {
                if (maxQueryMemoryMb <= 0) {
                    throw new UserError("--max-query-memory is at least 1 MB, not " + maxQueryMemoryMb);
                }
                MemoryBudget.setPerQuery(maxQueryMemoryMb << 20);
            }
            server = SysqlServer.start(config, ui ? capture -> new UiPages(capture, dirs.get(0), queryTimeout) : null);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }, "sysql-serve-stop"));
        PrintStream out = System.out;
        out.printf("sysql: serving %s on %s (%s, read-only%s)%n", live ? "this machine, live," : dirs.stream()
                        .map(d -> d.toAbsolutePath().toString()).collect(Collectors.joining(", ")),
                server.httpUrl(), serialization,
                config.authenticated() ? ", HTTP Basic authentication" : "");
        if (ui) {
            out.println("ui: " + server.httpUrl() + "/");
        }
        Capture one = server.captures().single();
        if (one == null) {
            Connections.warnOfDamagedMembers(server.captures().fleet());
        } else if (one.damage() != null) {
            System.err.println(Connections.damageWarning(one.damage(), "answers cover those only"));
        }
        out.println("JDBC URL: " + server.jdbcUrl());
        out.println("  driver: jdbc-remote/target/sysql-jdbc-remote.jar (class io.sysql.jdbc.remote.SysqlRemoteDriver)");
        out.println("Avatica URL: " + server.avaticaUrl());
        out.flush();
        server.join();
        return 0;
    }

    private static String firstLine(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String line = (nl < 0 ? text : text.substring(0, nl)).replace("\r", "");
            if (line.isEmpty()) {
                throw new UserError(file + " is empty: its first line must be the password");
            }
            return line;
        } catch (IOException e) {
            throw new UserError(UserError.cannotRead(file, e));
        }
    }
}
