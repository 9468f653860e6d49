package io.sysql.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sysql serve} as its own process (the launcher's JVM flags, this build's classes): started on a
 * free port, its JDBC URL read from what it prints, its log (stderr) kept in a file.
 */
final class ServeProcess implements AutoCloseable {
    final Process process;
    final String jdbcUrl;
    final String httpUrl;
    final Path log;

    private ServeProcess(Process process, String jdbcUrl, String httpUrl, Path log) {
        this.process = process;
        this.jdbcUrl = jdbcUrl;
        this.httpUrl = httpUrl;
        this.log = log;
    }

    static ServeProcess start(Path logDir, List<String> jvmArgs, String... serveArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve"));
        args.addAll(Arrays.asList(serveArgs));
        args.addAll(List.of("--port", "0"));
        ProcessBuilder b = SysqlProcess.builder(args.toArray(String[]::new));
        b.command().addAll(1, jvmArgs);
        Path log = Files.createTempFile(logDir, "serve", ".log");
        b.redirectError(log.toFile());
        Process p = b.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String jdbc = null;
        String http = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("sysql: serving ")) {
                http = line.replaceAll(".* on (\\S+) .*", "$1");
            }
            if (line.startsWith("JDBC URL: ")) {
                jdbc = line.substring("JDBC URL: ".length());
                break;
            }
        }
        if (jdbc == null) {
            p.destroyForcibly();
            throw new IllegalStateException("sysql serve did not start: " + Files.readString(log));
        }
        return new ServeProcess(p, jdbc, http, log);
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
