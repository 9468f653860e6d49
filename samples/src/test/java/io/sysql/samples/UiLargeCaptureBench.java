package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.bench.SyntheticWorkload;
import io.sysql.storage.CaptureWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The ui's figures on a large capture (issue 19: at 10 M events, first paint within 2 s, a cursor move
 * within 200 ms, at most 1 MB per request), measured in headless Chromium by the page's own clock: the time
 * from navigation to the timeline and the cursor's panes shown, from a click on the timeline to the panes of
 * the event clicked drawn, and from a zoom or a change of stacking to the timeline drawn. Not part of the test run (its name is no test's); run it with
 * {@code mvn -B -pl samples -am test -Dtest=UiLargeCaptureBench -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dsysql.ui.bench.events=10000000]}. It builds the capture with the bench module's generator in
 * {@code samples/target/ui-bench} (kept for the next run) and writes its figures to
 * {@code target/artifacts/ui-bench.txt}.
 */
class UiLargeCaptureBench {
    static final long EVENTS = Long.getLong("sysql.ui.bench.events", 10_000_000L);
    static final int PAGE_LOADS = 5;
    static final int CURSOR_MOVES = 30;
    static final int ZOOMS = 9;
    static final int STACKINGS = 4;

    static ChromeDriver browser;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void firstPaintAndCursorMovesAtTenMillionEvents() throws Exception {
        Path dir = Path.of("target/ui-bench/capture-" + EVENTS);
        if (!Files.isDirectory(dir)) {
            long started = System.nanoTime();
            try (CaptureWriter writer = CaptureWriter.create(dir, true, "synthetic", "ui bench")) {
                new SyntheticWorkload(42, EVENTS).emit(writer);
            }
            System.err.printf("built %,d events in %.1f s%n", EVENTS, (System.nanoTime() - started) / 1e9);
        }
        List<String> report = new ArrayList<>();
        int port = UiTest.freePort();
        long started = System.nanoTime();
        UiTest.serve(port, "ui", dir.toString(), "--port", Integer.toString(port));
        report.add(String.format(Locale.ROOT, "events: %,d; server start (the capture opened): %.1f s", EVENTS,
                (System.nanoTime() - started) / 1e9));

        browser = Chromium.driver(1200, 1400);
        String url = "http://127.0.0.1:" + port + "/";
        double[] firstShown = new double[PAGE_LOADS];
        double[] panesShown = new double[PAGE_LOADS];
        double[] contentfulPaint = new double[PAGE_LOADS];
        for (int i = 0; i < PAGE_LOADS; i++) {
            browser.get("about:blank");
            browser.get(url);
            UiTest.await(browser, "the first view", "document.body.dataset.firstShownMs !== undefined");
            firstShown[i] = number("document.body.dataset.firstShownMs");
            panesShown[i] = number("document.body.dataset.showMs");
            contentfulPaint[i] = number("performance.getEntriesByName('first-contentful-paint')[0].startTime");
        }
        report.add("page load to the timeline and the panes at the last event shown, ms: " + summary(firstShown));
        report.add("  the panes alone (the view's request to the panes drawn), ms: " + summary(panesShown));
        report.add("first contentful paint, ms: " + summary(contentfulPaint));

        // Zooms: a drag across a fifth of the timeline, from wider to narrower, then back to the whole capture,
        // each from another point (a timeline drawn before is kept); and the timeline stacked by process.
        double[] zooms = new double[ZOOMS];
        for (int i = 0; i < ZOOMS; i++) {
            if (i % 3 == 0) {
                zoomOut();
            }
            WebElement timeline = browser.findElement(By.cssSelector("#timeline svg"));
            String before = (String) browser.executeScript("return document.body.dataset.timeline");
            int width = timeline.getSize().getWidth();
            new Actions(browser).moveToElement(timeline, -width / 5 + 9 * i, 0).clickAndHold().moveByOffset(width / 5, 0)
                    .release().perform();
            UiTest.await(browser, "the zoomed timeline", "document.body.dataset.timeline !== '" + before + "'");
            zooms[i] = number("document.body.dataset.timelineMs");
        }
        report.add("zoom (drag across a fifth of the timeline to the zoomed timeline drawn), ms: " + summary(zooms));
        zoomOut();
        double[] stacked = new double[STACKINGS];
        for (int i = 0; i < STACKINGS; i++) {
            String by = i % 2 == 0 ? "process" : "category";
            browser.findElement(By.cssSelector("#by option[value=" + by + "]")).click();
            UiTest.await(browser, "the timeline by " + by, "document.body.dataset.timeline.endsWith(' " + by + "')");
            stacked[i] = number("document.body.dataset.timelineMs");
        }
        report.add("whole capture stacked by process / by category again, ms: " + summary(stacked));

        zoomOut();
        List<WebElement> slices = browser.findElements(By.cssSelector("#timeline svg g.slice rect:first-of-type"));
        SplittableRandom random = new SplittableRandom(7);
        double[] moves = new double[CURSOR_MOVES];
        double[] answers = new double[CURSOR_MOVES];
        double[] built = new double[CURSOR_MOVES];
        List<String> points = new ArrayList<>();
        for (int i = 0; i < CURSOR_MOVES; i++) {
            String before = (String) browser.executeScript("return document.body.dataset.shown");
            new Actions(browser).moveToElement(slices.get(random.nextInt(slices.size()))).click().perform();
            UiTest.await(browser, "the cursor moved", "document.body.dataset.shown !== '" + before + "'");
            moves[i] = number("document.body.dataset.showMs");
            answers[i] = number("document.body.dataset.fetchMs");
            built[i] = number("document.body.dataset.builtMs");
            points.add((String) browser.executeScript("return document.body.dataset.shown"));
        }
        report.add("cursor move (click on the timeline to the events, ps, lsof and netstat panes shown), ms: "
                + summary(moves));
        report.add("  of which its one answer (events, ps, lsof, netstat), ms: " + summary(answers));
        report.add("  and until the tables were built (then drawn in the next frame), ms: " + summary(built));
        // What a move's request costs alone, one after the other, at the same points.
        double[] alone = new double[points.size()];
        for (int i = 0; i < alone.length; i++) {
            alone[i] = ((Number) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "const t = performance.now(); fetch('/api/view?at=" + points.get(i) + "')"
                    + ".then(r => r.json()).then(() => done(performance.now() - t))")).doubleValue();
        }
        report.add("  /api/view?at=N alone, ms: " + summary(alone));
        long largest = UiTest.largestAnswer(browser);
        report.add(String.format(Locale.ROOT, "largest answer: %,d bytes", largest));
        report.add("console messages: " + UiTest.console(browser));

        Path out = UiTest.ARTIFACTS.resolve("ui-bench.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.out::println);
        assertThat(largest).isLessThanOrEqualTo(1 << 20);
    }

    /** Back to the whole capture (if zoomed), its timeline drawn. */
    private static void zoomOut() throws InterruptedException {
        WebElement button = browser.findElement(By.id("zoomout"));
        if (button.isEnabled()) {
            button.click();
            UiTest.await(browser, "the whole timeline", "document.body.dataset.timeline.startsWith('  ')");
        }
    }

    private static double number(String expression) {
        return Double.parseDouble(String.valueOf(browser.executeScript("return " + expression)));
    }

    private static String summary(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "median %.0f, best %.0f, worst %.0f (%d runs)", sorted[sorted.length / 2],
                sorted[0], sorted[sorted.length - 1], sorted.length);
    }
}
