package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code sysql ui} on a real recording of the leaky sample (it writes "ERROR config vanished" to its log
 * right after a read that fails with EBADF), in headless Chromium: the page opened at the first procexit of
 * leaky (the URL carries the cursor) shows in its lsof pane exactly the fds SQL gives AS OF that event; the
 * search finds the log line, marks it on the timeline and moves the cursor to it when its row is clicked;
 * the timeline's failed-call marks and slices move the cursor when clicked; no answer is over 1 MB; and
 * nothing is written to the browser's console.
 */
class UiTest {
    static final Path ARTIFACTS = Path.of(System.getProperty("sysql.samples.artifacts", "target/artifacts"));
    static final Path SCREENSHOT = ARTIFACTS.resolve("ui-screenshot.png");
    static final Path SEARCH_SCREENSHOT = ARTIFACTS.resolve("ui-search-screenshot.png");
    static final Path ZOOM_SCREENSHOT = ARTIFACTS.resolve("ui-zoom-screenshot.png");
    static final Path LANES_SCREENSHOT = ARTIFACTS.resolve("ui-lanes-screenshot.png");
    static final String LOG_LINE = "ERROR config vanished";

    @TempDir
    static Path tmp;
    static Path capture;
    static Path logs;
    static long leakyExit;
    static int port;
    static ChromeDriver browser;

    @BeforeAll
    static void recordAndServe() throws Exception {
        logs = tmp.resolve("logs");
        capture = tmp.resolve("leaky");
        leakyExit = Samples.recordLeaky(capture, logs);
        port = freePort();
        serve(port, "ui", capture.toString(), "--port", Integer.toString(port));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** Runs a sysql command that serves on {@code port} in this JVM, and waits until it listens. */
    static void serve(int port, String... command) throws Exception {
        Thread server = new Thread(() -> Main.run(command));
        server.setDaemon(true);
        server.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("sysql %s listens within 2 minutes", command[0]).isLessThan(deadline);
                assertThat(server.isAlive()).as("sysql %s is still running", command[0]).isTrue();
                Thread.sleep(200);
            }
        }
    }

    static List<List<String>> rows(String sql, Object... params) throws SQLException {
        return Samples.rows(capture, sql, params);
    }

    /** The test's browser on a fresh copy of the page at {@code url} (a fresh document, with its own timings). */
    static ChromeDriver browser(String url) {
        if (browser == null) {
            browser = Chromium.driver(1200, 1800);
        }
        browser.get("about:blank");
        browser.get(url);
        return browser;
    }

    /** Evaluates a script's expression in the page until it is true, for up to 30 s. */
    static void await(ChromeDriver page, String what, String condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Boolean.TRUE.equals(page.executeScript("return " + condition))) {
            assertThat(System.nanoTime()).as("the page shows %s within 30 s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits until the panes show event {@code num} (the cursor's move is done) and the timeline is drawn. */
    static void awaitShown(ChromeDriver page, long num) throws InterruptedException {
        await(page, "event " + num + " and the timeline", "document.body.dataset.shown === '" + num + "'"
                + " && document.body.dataset.timeline !== undefined");
    }

    /** Waits until the timeline of this zoom ("" for the whole capture) and stacking is drawn. */
    static void awaitTimeline(ChromeDriver page, String from, String to, String by) throws InterruptedException {
        await(page, "the timeline from " + from + " to " + to + " by " + by, "document.body.dataset.timeline === '"
                + from + " " + to + " " + by + "'");
    }

    /**
     * The rows of a section's table, header first, as the page shows them once scrolled to (sections out of
     * view are not drawn): all of them, its "show all" clicked when it has one.
     */
    @SuppressWarnings("unchecked")
    static List<List<String>> table(ChromeDriver page, String section) {
        page.findElements(By.cssSelector("#" + section + " button.all")).forEach(WebElement::click);
        return (List<List<String>>) page.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "document.getElementById('" + section + "').scrollIntoView();"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done([...document.querySelectorAll('#"
                + section + " tr')].map(tr => [...tr.querySelectorAll('th, td')].map(c => c.innerText.trim())))))");
    }

    /** The first event of each of the timeline's slices drawn. */
    static long[] firstEvents(List<WebElement> slices) {
        return slices.stream().mapToLong(s -> Long.parseLong(s.getAttribute("data-num"))).toArray();
    }

    static List<String> console(ChromeDriver page) {
        return page.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    /** The largest body of the page and of each of its requests so far, by the browser's own count. */
    static long largestAnswer(ChromeDriver page) {
        return ((Number) page.executeScript("return Math.max(...performance.getEntriesByType('navigation')"
                + ".concat(performance.getEntriesByType('resource')).map(e => e.encodedBodySize))")).longValue();
    }

    @Test
    void theLsofPaneAtLeakysExitShowsExactlyTheFdsAsOfThatEvent() throws Exception {
        String leaky = "proc_name = 'leaky'";
        String url = "http://127.0.0.1:" + port + "/#at=" + leakyExit + "&lsof="
                + URLEncoder.encode(leaky, StandardCharsets.UTF_8);
        ChromeDriver page = browser(url);
        awaitShown(page, leakyExit);
        List<List<String>> pane = table(page, "lsof");
        Files.write(SCREENSHOT, page.getScreenshotAs(OutputType.BYTES));
        assertThat(console(page)).as("console messages").isEmpty();
        assertThat(pane.get(0)).containsExactly("command", "pid", "user_name", "fd", "type", "name");
        List<List<String>> shown = pane.subList(1, pane.size()).stream()
                .map(r -> List.of(r.get(1), r.get(3), r.get(4), r.get(5))).toList();
        List<List<String>> expected = rows("SELECT pid, fd, type, name FROM fds AS OF ? WHERE " + leaky
                + " ORDER BY pid, fd", leakyExit);
        assertThat(shown).isEqualTo(expected);
        assertThat(shown).extracting(r -> r.get(3)).contains(logs.resolve("leaky.log").toString(),
                logs.resolve("leaky.state").toString());

        assertThat(page.findElements(By.cssSelector("section#timeline, section#ps, section#netstat")))
                .as("the timeline, ps and netstat beside lsof").hasSize(3);
    }

    @Test
    void theSearchFindsTheLogLineAndItsRowMovesTheCursorThereNextToTheFailedRead() throws Exception {
        ChromeDriver page = browser("http://127.0.0.1:" + port + "/");
        long last = Long.parseLong(rows("SELECT events FROM capture").get(0).get(0));
        awaitShown(page, last);

        page.findElement(By.id("find")).sendKeys(LOG_LINE);
        page.findElement(By.id("search")).click();
        await(page, "the writes found", "document.body.dataset.found !== undefined");
        List<List<String>> found = table(page, "writes");
        List<List<String>> expected = rows("SELECT num, fd_name, buffer FROM events WHERE type = 'write'"
                + " AND buffer LIKE ? ORDER BY num", "%" + LOG_LINE + "%");
        assertThat(expected).hasSize(1);
        assertThat(found.get(0)).startsWith("num", "ts", "pid", "proc_name", "type", "fd_name");
        assertThat(found.subList(1, found.size())).extracting(r -> List.of(r.get(0), r.get(5), r.get(7)))
                .isEqualTo(expected);
        assertThat(page.findElements(By.cssSelector("#timeline svg .found"))).as("search marks").hasSize(1);

        long logLine = Long.parseLong(expected.get(0).get(0));
        page.findElement(By.cssSelector("#writes tr.event")).click();
        awaitShown(page, logLine);
        assertThat(page.getCurrentUrl()).contains("at=" + logLine).contains("find=ERROR+config+vanished");
        // The events pane: the log line at the cursor, and the failed read just before it.
        WebElement at = page.findElement(By.cssSelector("#events tr.at"));
        assertThat(at.getText()).contains(LOG_LINE);
        List<List<String>> failedRead = rows("SELECT num, type, errno_name FROM events WHERE num = ?", logLine - 1);
        assertThat(failedRead).containsExactly(List.of(Long.toString(logLine - 1), "read", "EBADF"));
        WebElement before = page.findElement(By.cssSelector("#events tr[data-num='" + (logLine - 1) + "']"));
        assertThat(before.getAttribute("class")).contains("failed");
        assertThat(before.getText()).contains("EBADF");

        // The lsof pane AS OF the log line: leaky's log and state files, as SQL has them then.
        List<List<String>> lsof = table(page, "lsof");
        List<List<String>> expectedLsof = rows("SELECT pid, fd, COALESCE(name, '') FROM fds AS OF ? ORDER BY pid, fd",
                logLine);
        assertThat(lsof.subList(1, lsof.size())).extracting(r -> List.of(r.get(1), r.get(3), r.get(5)))
                .isEqualTo(expectedLsof);

        page.executeScript("window.scrollTo(0, 0)");
        Files.createDirectories(ARTIFACTS);
        Files.write(SEARCH_SCREENSHOT, page.getScreenshotAs(OutputType.BYTES));
        assertThat(console(page)).as("console messages").isEmpty();
        assertThat(largestAnswer(page)).as("bytes of the largest answer").isPositive().isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void clickingTheTimelineMovesTheCursorIntoTheSliceClickedAndAFailedMarkToItsFirstFailedCall() throws Exception {
        ChromeDriver page = browser("http://127.0.0.1:" + port + "/#at=1");
        awaitShown(page, 1);

        // Leaky's failed read: the red mark of its slice leads to the first failed call of that slice.
        long failedRead = Long.parseLong(rows("SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND failed"
                + " AND type = 'read'").get(0).get(0));
        List<WebElement> marks = page.findElements(By.cssSelector("#timeline svg rect.failed"));
        List<WebElement> slices = page.findElements(By.cssSelector("#timeline svg g.slice"));
        assertThat(marks).isNotEmpty();
        long[] firsts = firstEvents(slices);
        int slice = 0;
        while (slice + 1 < firsts.length && firsts[slice + 1] <= failedRead) {
            slice++;
        }
        long from = firsts[slice];
        long to = slice + 1 < firsts.length ? firsts[slice + 1] : Long.MAX_VALUE;
        WebElement mark = marks.stream().filter(m -> {
            long n = Long.parseLong(m.getAttribute("data-num"));
            return n >= from && n < to;
        }).findFirst().orElseThrow();
        long firstFailed = Long.parseLong(rows("SELECT MIN(num) FROM events WHERE failed AND num >= ? AND num < ?",
                from, to).get(0).get(0));
        assertThat(firstFailed).isLessThanOrEqualTo(failedRead);
        new Actions(page).moveToElement(mark).click().perform();
        awaitShown(page, firstFailed);
        assertThat(page.findElement(By.id("at")).getAttribute("value")).isEqualTo(Long.toString(firstFailed));

        // A click in the middle of another slice's bar: an event of that slice.
        int other = slices.size() / 2 == slice ? (slice + 1) % slices.size() : slices.size() / 2;
        WebElement bar = slices.get(other).findElement(By.tagName("rect"));
        long barFrom = firsts[other];
        long barTo = other + 1 < firsts.length ? firsts[other + 1] : Long.MAX_VALUE;
        new Actions(page).moveToElement(bar).click().perform();
        await(page, "a cursor in the slice clicked", "Number(document.body.dataset.shown) >= " + barFrom
                + " && Number(document.body.dataset.shown) < " + barTo);
        long shown = Long.parseLong((String) page.executeScript("return document.body.dataset.shown"));
        assertThat(page.getCurrentUrl()).contains("at=" + shown);
        assertThat(page.findElement(By.id("cursorline"))).isNotNull();

        assertThat(console(page)).as("console messages").isEmpty();
    }

    @Test
    void draggingAcrossTheTimelineZoomsIntoThatTimeCountedAsSqlCountsItAndStacksByProcessOnRequest() throws Exception {
        ChromeDriver page = browser("http://127.0.0.1:" + port + "/#at=1");
        awaitShown(page, 1);
        awaitTimeline(page, "", "", "category");
        WebElement svg = page.findElement(By.cssSelector("#timeline svg"));
        long wholeFrom = Long.parseLong(svg.getAttribute("data-from"));
        long wholeTo = Long.parseLong(svg.getAttribute("data-to"));

        // A drag over the middle half of the timeline's width: the zoom is about that half of the capture's time.
        int width = svg.getSize().getWidth();
        new Actions(page).moveToElement(svg, -width / 4, 0).clickAndHold().moveByOffset(width / 2, 0).release().perform();
        await(page, "a zoomed timeline", "/^\\d+ \\d+ category$/.test(document.body.dataset.timeline)");
        svg = page.findElement(By.cssSelector("#timeline svg"));
        long from = Long.parseLong(svg.getAttribute("data-from"));
        long to = Long.parseLong(svg.getAttribute("data-to"));
        double plotted = (1000 - 60 - 10) / (double) (wholeTo - wholeFrom);
        assertThat(from).isGreaterThan(wholeFrom).isLessThan(to);
        assertThat(to).isLessThan(wholeTo);
        assertThat((to - from) * plotted).as("the zoom's width in the whole timeline's pixels")
                .isBetween(width / 2.0 * 0.9, width / 2.0 * 1.1);
        assertThat(page.getCurrentUrl()).contains("from=" + from).contains("to=" + to);

        // Each slice drawn: its calls, failed calls, first event and first failure as SQL counts them.
        long slice = Long.parseLong(svg.getAttribute("data-width"));
        String bucket = "(ts - " + from + ") / " + slice;
        List<List<String>> expected = rows("SELECT " + bucket + " AS slice, COUNT(*) AS calls, SUM(CASE WHEN failed"
                + " THEN 1 ELSE 0 END), MIN(num), MIN(CASE WHEN failed THEN num END) FROM events WHERE category NOT IN"
                + " ('snapshot', 'meta') AND ts >= ? AND ts < ? GROUP BY " + bucket + " ORDER BY slice", from, to);
        assertThat(expected).isNotEmpty();
        @SuppressWarnings("unchecked")
        List<List<String>> drawn = (List<List<String>>) page.executeScript("return [...document.querySelectorAll("
                + "'#timeline g.slice')].map(g => { const m = /: (\\d+) calls, (\\d+) failed/.exec("
                + "g.querySelector('title').textContent); const mark = [...document.querySelectorAll("
                + "'#timeline rect.failed')].find(r => r.getAttribute('x') === g.querySelector('rect').getAttribute('x'));"
                + " return [g.dataset.num, m[1], m[2], mark ? mark.dataset.num : null]; })");
        assertThat(drawn).isEqualTo(expected.stream().map(r -> java.util.Arrays.asList(r.get(3), r.get(1), r.get(2),
                r.get(4))).toList());

        // Stacked by process: the processes with most calls in the zoom, in that order, as SQL ranks them.
        page.findElement(By.cssSelector("#by option[value=process]")).click();
        awaitTimeline(page, Long.toString(from), Long.toString(to), "process");
        List<String> ranked = rows("SELECT pid FROM events WHERE category NOT IN ('snapshot', 'meta') AND ts >= ?"
                + " AND ts < ? GROUP BY pid ORDER BY COUNT(*) DESC, pid", from, to).stream().map(r -> r.get(0)).toList();
        List<String> top = ranked.subList(0, Math.min(8, ranked.size()));
        @SuppressWarnings("unchecked")
        List<String> legend = (List<String>) page.executeScript("return [...document.querySelectorAll("
                + "'#timeline .legend span')].map(s => s.textContent)");
        assertThat(legend.subList(0, top.size())).extracting(l -> l.replaceAll(".*\\((\\d+)\\)$", "$1"))
                .isEqualTo(top);
        assertThat(legend.subList(top.size(), legend.size())).isEqualTo(ranked.size() > top.size()
                ? List.of("other processes", "failed calls (under the bars)") : List.of("failed calls (under the bars)"));
        assertThat(page.getCurrentUrl()).contains("by=process");
        Files.createDirectories(ARTIFACTS);
        page.executeScript("window.scrollTo(0, 0)");
        Files.write(ZOOM_SCREENSHOT, page.getScreenshotAs(OutputType.BYTES));

        // The URL opens the same zoom and stacking; "whole capture" goes back.
        String shared = page.getCurrentUrl();
        page = browser(shared);
        awaitTimeline(page, Long.toString(from), Long.toString(to), "process");
        page.findElement(By.id("zoomout")).click();
        awaitTimeline(page, "", "", "process");
        assertThat(page.getCurrentUrl()).doesNotContain("from=");
        assertThat(console(page)).as("console messages").isEmpty();
        assertThat(largestAnswer(page)).as("bytes of the largest answer").isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void aTimeTypedMovesTheCursorToTheLastEventAtOrBeforeItAsAsOfTimestampDoes() throws Exception {
        ChromeDriver page = browser("http://127.0.0.1:" + port + "/#at=1");
        awaitShown(page, 1);
        long exitTs = Long.parseLong(rows("SELECT ts FROM events WHERE num = ?", leakyExit).get(0).get(0));

        // To the nanosecond, as an instant (Z): the last event at or before it.
        String instant = Instant.ofEpochSecond(0, exitTs).toString();
        long expected = Long.parseLong(rows("SELECT MAX(num) FROM events WHERE ts <= ?", exitTs).get(0).get(0));
        assertThat(expected).isGreaterThanOrEqualTo(leakyExit);
        typeTime(page, instant);
        awaitShown(page, expected);

        // To the millisecond on the server's clock, as SQL reads a TIMESTAMP literal: the lsof pane is what
        // fds AS OF TIMESTAMP that text gives.
        String local = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").format(
                LocalDateTime.ofInstant(Instant.ofEpochSecond(0, exitTs), ZoneId.systemDefault()));
        long millisBefore = Long.parseLong(rows("SELECT MAX(num) FROM events WHERE ts <= ?",
                exitTs / 1_000_000 * 1_000_000).get(0).get(0));
        typeTime(page, local);
        awaitShown(page, millisBefore);
        List<List<String>> lsof = table(page, "lsof");
        assertThat(lsof.subList(1, lsof.size())).extracting(r -> List.of(r.get(1), r.get(3), r.get(5)))
                .isEqualTo(rows("SELECT pid, fd, COALESCE(name, '') FROM fds AS OF TIMESTAMP '" + local + "'"
                        + " ORDER BY pid, fd"));

        typeTime(page, "yesterday");
        await(page, "the error", "document.getElementById('error').textContent.startsWith('not a time')");
        assertThat(page.findElement(By.id("at")).getAttribute("value")).isEqualTo(Long.toString(millisBefore));
        // The browser logs the refusal's status; nothing else may be logged.
        assertThat(console(page)).as("console messages").singleElement().asString()
                .contains("/api/at?time=yesterday").contains("400");
    }

    private static void typeTime(ChromeDriver page, String time) {
        WebElement field = page.findElement(By.id("time"));
        field.clear();
        field.sendKeys(time);
        page.findElement(By.id("attime")).click();
    }

    @Test
    void draggingTheCursorsLineAlongTheTimelineMovesTheCursorToTheEventWhereItIsDropped() throws Exception {
        ChromeDriver page = browser("http://127.0.0.1:" + port + "/#at=" + leakyExit);
        awaitShown(page, leakyExit);
        List<WebElement> slices = page.findElements(By.cssSelector("#timeline svg g.slice"));
        long[] firsts = firstEvents(slices);
        int target = slices.size() / 3;
        while (firsts[target] <= leakyExit && (target + 1 == firsts.length || firsts[target + 1] > leakyExit)) {
            target--; // not the slice the cursor is in already
        }
        long from = firsts[target];
        long to = target + 1 < firsts.length ? firsts[target + 1] : Long.MAX_VALUE;
        new Actions(page).moveToElement(page.findElement(By.id("cursorline"))).clickAndHold()
                .moveToElement(slices.get(target).findElement(By.tagName("rect"))).release().perform();
        await(page, "a cursor in the slice the line was dropped on", "Number(document.body.dataset.shown) >= " + from
                + " && Number(document.body.dataset.shown) < " + to);
        String shown = (String) page.executeScript("return document.body.dataset.shown");
        assertThat(page.getCurrentUrl()).contains("at=" + shown);
        assertThat(page.getCurrentUrl()).as("a drag of the cursor is not a zoom").doesNotContain("from=");
        assertThat(console(page)).as("console messages").isEmpty();
    }

    @Test
    void eachProcesssLaneDrawsTheMostFdsItHadOpenInEachSliceAsSqlCountsThem() throws Exception {
        ChromeDriver page = browser("http://127.0.0.1:" + port + "/#at=1");
        awaitShown(page, 1);
        awaitTimeline(page, "", "", "category");
        WebElement svg = page.findElement(By.cssSelector("#lifetimes svg"));
        long before = Long.parseLong(svg.getAttribute("data-before"));
        long[] lastNums = Arrays.stream(svg.getAttribute("data-last-nums").split(" "))
                .mapToLong(Long::parseLong).toArray();
        assertThat(lastNums).as("one last event per slice of the ui's timeline").hasSize(200);
        long leakyPid = Long.parseLong(rows("SELECT pid FROM events WHERE num = ?", leakyExit).get(0).get(0));
        WebElement lane = page.findElement(By.cssSelector("#lifetimes g.lane[data-pid='" + leakyPid + "']"));
        long upid = Long.parseLong(lane.getAttribute("data-upid"));
        List<Integer> drawn = Arrays.stream(lane.getAttribute("data-fds").split(" ")).map(Integer::valueOf)
                .toList();
        assertThat(drawn).isEqualTo(Samples.mostOpenFds(capture, upid, before, lastNums));
        // Leaky leaves its log and state files open: beside stdin, stdout and stderr, at least those two.
        int most = Integer.parseInt(rows("SELECT COUNT(*) FROM fds AS OF ? WHERE upid = ?", leakyExit, upid)
                .get(0).get(0));
        assertThat(most).isGreaterThanOrEqualTo(5);
        assertThat(drawn.stream().mapToInt(Integer::intValue).max().orElseThrow()).isGreaterThanOrEqualTo(most);
        assertThat(lane.findElement(By.cssSelector("path.fds")).getAttribute("d")).startsWith("M");
        assertThat(lane.getAttribute("textContent")).contains("up to " + drawn.stream().mapToInt(Integer::intValue).max().orElseThrow()
                + " fds");
        Files.createDirectories(ARTIFACTS);
        page.executeScript("document.getElementById('lifetimes').scrollIntoView()");
        Files.write(LANES_SCREENSHOT, page.getScreenshotAs(OutputType.BYTES));
        assertThat(console(page)).as("console messages").isEmpty();
    }

    @Test
    void anAnswerOverOneMegabyteIsCutAndSaysSo() throws Exception {
        ChromeDriver page = browser("http://127.0.0.1:" + port + "/#at=1");
        awaitShown(page, 1);
        long events = Long.parseLong(rows("SELECT COUNT(*) FROM events").get(0).get(0));
        // Each row over 1/500 of a megabyte, and more rows than 500: the answer is cut by its size.
        assertThat(events).isGreaterThan(600);
        page.executeScript("document.getElementById('q').value = arguments[0]",
                "SELECT num, '" + "x".repeat(2100) + "' AS filler FROM events ORDER BY num");
        page.findElement(By.id("run")).click();
        await(page, "the SQL box's rows", "document.querySelector('#query table') !== null");
        List<List<String>> shown = table(page, "query");
        assertThat(shown.size() - 1).isBetween(400, 500);
        assertThat(shown.get(shown.size() - 1).get(0)).isEqualTo(rows("SELECT num FROM events ORDER BY num"
                + " OFFSET " + (shown.size() - 2) + " ROWS FETCH NEXT 1 ROWS ONLY").get(0).get(0));
        assertThat(page.findElement(By.cssSelector("#query .rows")).getText())
                .contains("Only the first " + (shown.size() - 1) + " rows");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> answers = (List<Map<String, Object>>) page.executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/sql'))"
                        + ".map(e => ({size: e.encodedBodySize}))");
        assertThat(answers).hasSize(1);
        assertThat(((Number) answers.get(0).get("size")).longValue()).isBetween(900_000L, 1L << 20);
        assertThat(console(page)).as("console messages").isEmpty();
    }
}
