package io.sysql.samples;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium (apt-get install chromium), run as root on a machine without network: every
 * flag that stops it reaching out, a fresh profile each run, and names resolving to nothing (but loopback,
 * where the ui test's server is) so that a page
 * which tried to load anything from elsewhere would show it.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Headless, and reaching nothing but loopback. */
    private static final List<String> ISOLATED = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL);

    private Chromium() {
    }

    /** A page once loaded and its scripts done: the DOM as Chromium serialises it, and what went to its console. */
    record Page(String dom, List<String> console) {
    }

    /** Loads a page, letting its scripts and their requests run for up to 10 s of the page's own clock. */
    static Page load(String url) throws IOException, InterruptedException {
        String[] outErr = run(url, List.of("--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000",
                "--dump-dom"));
        List<String> console = outErr[1].lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Page(outErr[0], console);
    }

    static Page load(Path page) throws IOException, InterruptedException {
        return load(page.toUri().toString());
    }

    static void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(url, List.of("--hide-scrollbars", "--virtual-time-budget=10000", "--window-size=" + width + "," + height,
                "--screenshot=" + png));
    }

    /** The rows of the table in the section with this id, header first, each cell's inner HTML. */
    static List<List<String>> table(String dom, String section) {
        Matcher m = Pattern.compile("<section id=\"" + section + "\">(.*?)</section>", Pattern.DOTALL).matcher(dom);
        if (!m.find()) {
            throw new AssertionError("no section " + section + " in the page");
        }
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(m.group(1));
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1));
            }
            rows.add(cells);
        }
        return rows;
    }

    /**
     * Chromium driven through Debian's chromedriver, for pages a test clicks and types into: isolated as
     * {@link #load} is, in a window of this size, keeping what goes to the console ({@code
     * driver.manage().logs().get(LogType.BROWSER)}), and accepting a self-signed certificate (the TLS tests').
     */
    static ChromeDriver driver(int width, int height) {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError(BINARY + " or " + DRIVER + " is missing: apt-get install chromium chromium-driver"
                    + " (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments(ISOLATED);
        options.addArguments("--window-size=" + width + "," + height, "--hide-scrollbars");
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Runs Chromium on a URL and returns its stdout and stderr. */
    private static String[] run(String url, List<String> what) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: apt-get install chromium chromium-driver (.ci/run does)");
        }
        Path profile = Files.createTempDirectory("sysql-chromium");
        Path err = Files.createTempFile("sysql-chromium", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--user-data-dir=" + profile));
            command.addAll(ISOLATED);
            command.addAll(what);
            command.add(url);
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("chromium failed on " + url + ":\n" + Files.readString(err));
            }
            return new String[] {out, Files.readString(err)};
        } finally {
            Files.deleteIfExists(err);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
