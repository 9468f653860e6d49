package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.ebpf.EbpfRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code serve --live}: a remote client sees a process started after the server, and its fds. */
class ServeLiveTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsEbpf() {
        Optional<String> reason = EbpfRecorder.unsupportedReason();
        reason.ifPresent(r -> System.out.println("ServeLiveTest skipped: " + r));
        assumeTrue(reason.isEmpty(), () -> "system-wide recording unsupported here: " + reason.orElse(""));
    }

    @Test
    void aProcessStartedAfterTheServerAppearsWithItsFds() throws Exception {
        Path marker = Files.writeString(tmp.resolve("sysql-live-marker.txt"), "held open");
        Driver driver = RemoteJar.driver();
        try (ServeProcess server = ServeProcess.start(tmp, List.of(), "--live")) {
            Process late = new ProcessBuilder("python3", "-c",
                    "import time; f = open('" + marker + "'); time.sleep(60)").start();
            try (Connection c = RemoteJar.connect(driver, server.jdbcUrl, null, null); Statement st = c.createStatement()) {
                long pid = late.pid();
                List<String> fds = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (fds.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    try (ResultSet rs = st.executeQuery("SELECT f.name FROM processes p JOIN fds f ON f.upid = p.upid "
                            + "WHERE p.pid = " + pid + " AND f.name = '" + marker + "'")) {
                        while (rs.next()) {
                            fds.add(rs.getString(1));
                        }
                    }
                }
                assertThat(fds).as("the late process and its open file, over the wire").containsExactly(marker.toString());
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM processes AS OF 1 WHERE pid = " + pid)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("AS OF the start of the live capture it did not exist yet").isZero();
                }
            } finally {
                late.destroyForcibly();
            }
        }
    }
}
