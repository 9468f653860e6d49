package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

/**
 * {@code sysql serve DIR --ui} with a user, a password and TLS (a self-signed certificate made here): the ui's
 * page and every one of its requests answer 401 without the password or with a wrong one, and headless
 * Chromium that logs in with it over HTTPS gets the page, whose lsof pane at leaky's exit is what SQL says.
 */
class ServeUiTest {
    static final String USER = "ana";
    static final String PASSWORD = "correct-horse-battery";
    static final String LEAKY = "proc_name = 'leaky'";

    @TempDir
    static Path tmp;
    static Path capture;
    static Path keystore;
    static long leakyExit;
    static int port;
    static ChromeDriver browser;

    @BeforeAll
    static void recordAndServe() throws Exception {
        capture = tmp.resolve("leaky");
        leakyExit = Samples.recordLeaky(capture, tmp.resolve("logs"));
        keystore = tmp.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sysql", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        Path password = Files.writeString(tmp.resolve("password"), PASSWORD + "\n");
        Path storePassword = Files.writeString(tmp.resolve("store-password"), "changeit\n");
        port = UiTest.freePort();
        UiTest.serve(port, "serve", capture.toString(), "--ui", "--user", USER, "--password-file", password.toString(),
                "--tls-keystore", keystore.toString(), "--tls-password-file", storePassword.toString(),
                "--port", Integer.toString(port));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** An HTTPS client that trusts the test's certificate and nothing else. */
    static HttpClient client() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    static HttpResponse<String> get(HttpClient client, String path, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path));
        if (password != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndEachOfItsRequestsAnswer401WithoutThePassword() throws Exception {
        HttpClient client = client();
        for (String path : List.of("/", "/api/view?at=" + leakyExit, "/api/timeline?by=process",
                "/api/writes?text=ERROR", "/api/first?where=TRUE", "/api/sql?q=SELECT+name+FROM+fds")) {
            for (String wrong : new String[] {null, "wrong-password"}) {
                HttpResponse<String> refused = get(client, path, wrong);
                assertThat(refused.statusCode()).as("%s with password %s", path, wrong).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        v -> assertThat(v).startsWithIgnoringCase("basic realm="));
                assertThat(refused.body()).doesNotContain("leaky").doesNotContain("\"rows\"");
            }
            HttpResponse<String> allowed = get(client, path, PASSWORD);
            assertThat(allowed.statusCode()).as(path + " with the password").isEqualTo(200);
        }
        assertThat(get(client, "/api/view?at=" + leakyExit, PASSWORD).body()).contains("leaky.log");
    }

    @Test
    void chromiumLogsInWithThePasswordOverTlsAndSeesTheStateAtLeakysExit() throws Exception {
        browser = Chromium.driver(1200, 1400);
        browser.get("https://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/#at=" + leakyExit + "&lsof="
                + URLEncoder.encode(LEAKY, StandardCharsets.UTF_8).replace("+", "%20"));
        UiTest.awaitShown(browser, leakyExit);
        assertThat(browser.getCurrentUrl()).startsWith("https://");
        List<List<String>> pane = UiTest.table(browser, "lsof");
        List<List<String>> expected = Samples.rows(capture, "SELECT pid, fd, type, name FROM fds AS OF ? WHERE "
                + LEAKY + " ORDER BY pid, fd", leakyExit);
        assertThat(pane.subList(1, pane.size())).extracting(r -> List.of(r.get(1), r.get(3), r.get(4), r.get(5)))
                .isEqualTo(expected).isNotEmpty();
        assertThat(UiTest.console(browser)).as("console messages").isEmpty();
    }
}
