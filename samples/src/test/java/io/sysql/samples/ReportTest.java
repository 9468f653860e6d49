package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sysql report} on a real recording of the leaky sample, opened in headless Chromium that can
 * reach nothing: what the page shows once rendered, and a screenshot kept in target/ to look at.
 */
class ReportTest {
    static final Path SCREENSHOT = Path.of(System.getProperty("sysql.samples.artifacts", "target/artifacts"))
            .resolve("report-screenshot.png");

    @TempDir
    static Path tmp;
    static Path logs;
    static Path capture;
    static String html;
    static String dom;

    @BeforeAll
    static void recordReportAndRender() throws Exception {
        Samples.assumeStrace();
        logs = tmp.resolve("logs");
        logs.toFile().mkdirs();
        capture = tmp.resolve("leaky");
        assertThat(Main.run("record", "-o", capture.toString(), "--", "bash", "-c",
                Samples.program("leaky") + " " + logs + "; true")).isZero();
        Path report = tmp.resolve("report.html");
        Cli run = Cli.run("report", capture.toString(), "-o", report.toString());
        assertThat(run.status).as(run.toString()).isZero();
        html = Files.readString(report);
        Chromium.Page page = Chromium.load(report);
        assertThat(page.console()).as("console messages").isEmpty();
        dom = page.dom();
        Chromium.screenshot(report.toUri().toString(), SCREENSHOT, 1200, 2400);
    }

    static List<List<String>> table(String section) {
        return Chromium.table(dom, section);
    }

    @Test
    void thePageIsSelfContained() throws Exception {
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("@import")
                .doesNotContainIgnoringCase("url(").doesNotContainPattern("(?i)\\s(src|href)\\s*=");
        assertThat(Files.size(SCREENSHOT)).as("screenshot at " + SCREENSHOT.toAbsolutePath()).isGreaterThan(10_000);
    }

    @Test
    void theLeakedFdsOfLeakyAreListedAtItsExit() {
        List<List<String>> rows = table("exited-with-fds");
        assertThat(rows.get(0)).containsExactly("exit_num", "pid", "proc_name", "fd", "type", "name");
        List<List<String>> leaky = rows.stream().filter(r -> r.get(2).equals("leaky"))
                .map(r -> r.subList(3, 6)).toList();
        assertThat(leaky).containsExactly(
                List.of("3", "file", logs.resolve("leaky.log").toString()),
                List.of("4", "file", logs.resolve("leaky.state").toString()));
    }

    @Test
    void theFailedReadOfLeakyIsCountedUnderEbadf() {
        assertThat(table("failed-calls")).anySatisfy(r -> assertThat(r.subList(0, 2)).containsExactly("EBADF", "read"));
    }

    @Test
    void leakysLaneDrawsTheMostFdsItHadOpenInEachSliceAsSqlCountsThem() throws Exception {
        Matcher svg = Pattern.compile("<section id=\"lifetimes\">.*?<svg [^>]*data-before=\"(\\d+)\" data-last-nums=\"([\\d ]+)\"",
                Pattern.DOTALL).matcher(dom);
        assertThat(svg.find()).isTrue();
        long before = Long.parseLong(svg.group(1));
        long[] lastNums = Arrays.stream(svg.group(2).split(" ")).mapToLong(Long::parseLong).toArray();
        assertThat(lastNums).as("one last event per slice of the report's timeline").hasSize(60);
        List<List<String>> leaky = Samples.rows(capture, "SELECT DISTINCT upid, pid FROM processes_history WHERE name = 'leaky'");
        assertThat(leaky).hasSize(1);
        Matcher lane = Pattern.compile("<g class=\"lane\" data-upid=\"" + leaky.get(0).get(0) + "\" data-pid=\""
                + leaky.get(0).get(1) + "\" data-fds=\"([\\d ]+)\">(.*?)</g>").matcher(dom);
        assertThat(lane.find()).as("leaky's lane").isTrue();
        List<Integer> drawn = Arrays.stream(lane.group(1).split(" ")).map(Integer::valueOf).toList();
        assertThat(drawn).isEqualTo(Samples.mostOpenFds(capture, Long.parseLong(leaky.get(0).get(0)), before, lastNums));
        int most = drawn.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(most).as("stdio, and the log and state files leaky leaves open").isGreaterThanOrEqualTo(5);
        assertThat(lane.group(2)).contains("<path class=\"fds\"").contains("exit 0, up to " + most + " fds");
    }

    @Test
    void theTimelineDrawsTheCallsAndEachProcesssLifetime() {
        Matcher timeline = Pattern.compile("<section id=\"timeline\">(.*?)</section>", Pattern.DOTALL).matcher(dom);
        assertThat(timeline.find()).isTrue();
        assertThat(timeline.group(1)).contains("<svg").containsPattern("<rect [^>]*fill=\"#2e86de\"");
        Matcher lifetimes = Pattern.compile("<section id=\"lifetimes\">(.*?)</section>", Pattern.DOTALL).matcher(dom);
        assertThat(lifetimes.find()).isTrue();
        assertThat(lifetimes.group(1)).containsPattern(">leaky \\(\\d+\\)</text>").contains("exit 0");
        assertThat(lifetimes.group(1)).contains("up to ");
        assertThat(table("top-processes").get(0)).containsExactly("pid", "proc_name", "calls", "failed", "us_in_calls");
        assertThat(table("top-files")).anySatisfy(r -> assertThat(r.get(0)).isEqualTo(logs.resolve("leaky.log")
                .toString()));
    }
}
