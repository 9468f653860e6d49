package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code sysql ui} on a real recording of the leaky sample, in headless Chromium: the page opened at the
 * first procexit of leaky (the URL carries the cursor) shows in its lsof pane exactly the fds SQL gives AS OF
 * that event, and nothing is written to the browser's console.
 */
class UiTest {
    static final Path SCREENSHOT = Path.of(System.getProperty("sysql.samples.artifacts", "target/artifacts"))
            .resolve("ui-screenshot.png");

    @TempDir
    static Path tmp;
    static Path capture;
    static Path logs;
    static long leakyExit;
    static int port;

    @BeforeAll
    static void recordAndServe() throws Exception {
        Samples.assumeStrace();
        logs = tmp.resolve("logs");
        logs.toFile().mkdirs();
        capture = tmp.resolve("leaky");
        assertThat(Main.run("record", "-o", capture.toString(), "--", "bash", "-c",
                Samples.program("leaky") + " " + logs + "; true")).isZero();
        leakyExit = Long.parseLong(rows("SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND type = 'procexit'")
                .get(0).get(0));
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Thread server = new Thread(() -> Main.run("ui", capture.toString(), "--port", Integer.toString(port)));
        server.setDaemon(true);
        server.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("the ui server listens within 2 minutes").isLessThan(deadline);
                assertThat(server.isAlive()).as("the ui command is still running").isTrue();
                Thread.sleep(200);
            }
        }
    }

    static List<List<String>> rows(String sql, Object... params) throws SQLException {
        return Samples.rows(capture, sql, params);
    }

    @Test
    void theLsofPaneAtLeakysExitShowsExactlyTheFdsAsOfThatEvent() throws Exception {
        String leaky = "proc_name = 'leaky'";
        String url = "http://127.0.0.1:" + port + "/#at=" + leakyExit + "&lsof="
                + URLEncoder.encode(leaky, StandardCharsets.UTF_8);
        Chromium.Page page = Chromium.load(url);
        Chromium.screenshot(url, SCREENSHOT, 1200, 1800);
        assertThat(page.console()).as("console messages").isEmpty();
        assertThat(page.dom()).contains("data-shown=\"" + leakyExit + "\"");

        List<List<String>> pane = Chromium.table(page.dom(), "lsof");
        assertThat(pane.get(0)).containsExactly("command", "pid", "user_name", "fd", "type", "name");
        List<List<String>> shown = pane.subList(1, pane.size()).stream()
                .map(r -> List.of(r.get(1), r.get(3), r.get(4), r.get(5))).toList();
        List<List<String>> expected = rows("SELECT pid, fd, type, name FROM fds AS OF ? WHERE " + leaky
                + " ORDER BY pid, fd", leakyExit);
        assertThat(shown).isEqualTo(expected);
        assertThat(shown).extracting(r -> r.get(3)).contains(logs.resolve("leaky.log").toString(),
                logs.resolve("leaky.state").toString());

        assertThat(Chromium.table(page.dom(), "timeline")).isEmpty();
        assertThat(page.dom()).contains("<section id=\"timeline\">").contains("<section id=\"ps\">")
                .contains("<section id=\"netstat\">");
    }
}
