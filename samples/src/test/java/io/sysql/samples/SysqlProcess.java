package io.sysql.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the sysql CLI as its own process, as the launcher does (same JVM flags, this build's classes),
 * for what only a separate process shows: signals, being killed, stdio passing through.
 */
final class SysqlProcess {
    private SysqlProcess() {
    }

    static ProcessBuilder builder(String... args) throws IOException {
        Path flags = Path.of("..", "cli", "target", "launcher", "jvm.flags");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(Files.readString(flags).trim().split("\\s+")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.sysql.cli.Main");
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd);
    }
}
