package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysql.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sysql export --format perfetto} on a real strace recording of the multi-threaded workers sample,
 * read back by an independent Trace Event parser (@tracerbench/trace-model from the npm registry, installed
 * by the test) and compared with what SQL says about the same capture.
 */
class PerfettoExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path capture;
    static int workersPid;
    /** The file's time origin: its ts are microseconds after this instant. */
    static long origin;
    /** What the parser made of the file: processes with their threads, slices and counter samples. */
    static JsonNode model;

    @BeforeAll
    static void recordExportAndParse() throws Exception {
        Samples.assumeStrace();
        capture = tmp.resolve("cap");
        Path files = tmp.resolve("files");
        files.toFile().mkdirs();
        assertThat(Main.run("record", "-o", capture.toString(), "--", Samples.program("workers").toString(),
                files.toString())).isZero();
        Path trace = tmp.resolve("trace.json");
        Cli export = Cli.run("export", capture.toString(), "--format", "perfetto", "-o", trace.toString());
        assertThat(export.status).as(export.toString()).isZero();

        origin = JSON.readTree(trace.toFile()).path("otherData").path("time_origin_ns").asLong();
        Node.install("@tracerbench/trace-model", "8.0.0");
        model = JSON.readTree(Node.script("trace-model.js", trace.toString()));
        workersPid = Integer.parseInt(single("SELECT DISTINCT pid FROM processes_history WHERE name = 'workers'"));
    }

    static List<List<String>> rows(String sql, Object... params) throws SQLException {
        return Samples.rows(capture, sql, params);
    }

    static String single(String sql) throws SQLException {
        List<List<String>> rows = rows(sql);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0).get(0);
    }

    static long ns(JsonNode micros) {
        return Math.round(micros.asDouble() * 1000);
    }

    @Test
    void everyThreadOfTheCaptureIsOneTrackNamedAsItsLastName() throws SQLException {
        Map<String, String> expected = new HashMap<>();
        // A thread that made calls but was never in the state (gone before the snapshot read it) is a track too.
        for (List<String> r : rows("SELECT pid, tid, COALESCE(MIN(proc_name), '') FROM events"
                + " WHERE pid <> 0 AND category <> 'snapshot' GROUP BY pid, tid")) {
            expected.put(r.get(0) + "/" + r.get(1), (String) r.get(2));
        }
        for (List<String> r : rows("SELECT pid, tid, name FROM threads_history ORDER BY valid_from_num")) {
            expected.put(r.get(0) + "/" + r.get(1), (String) r.get(2));
        }
        Map<String, String> tracks = new HashMap<>();
        for (JsonNode p : model) {
            for (JsonNode t : p.get("threads")) {
                assertThat(tracks.put(p.get("pid").asInt() + "/" + t.get("tid").asInt(), t.get("name").asText()))
                        .as("one track per thread").isNull();
            }
        }
        Map<String, String> missing = new HashMap<>(expected);
        missing.entrySet().removeAll(tracks.entrySet());
        Map<String, String> extra = new HashMap<>(tracks);
        extra.entrySet().removeAll(expected.entrySet());
        assertThat(missing).as("threads without their track").isEmpty();
        assertThat(extra).as("tracks of no thread").isEmpty();

        JsonNode workers = process(workersPid);
        assertThat(workers.get("name").asText()).isEqualTo("workers");
        List<Integer> busyThreads = new ArrayList<>();
        workers.get("threads").forEach(t -> {
            if (!t.get("slices").isEmpty()) {
                busyThreads.add(t.get("tid").asInt());
            }
        });
        assertThat(busyThreads).as("the main thread and its three workers").hasSize(4).contains(workersPid);
    }

    @Test
    void everyCallWithALatencyIsOneSliceOnItsThreadSpanningExactlyThatLatency() throws SQLException {
        Map<Long, JsonNode> slices = new HashMap<>();
        Map<Long, String> threadOf = new HashMap<>();
        for (JsonNode p : model) {
            for (JsonNode t : p.get("threads")) {
                for (JsonNode s : t.get("slices")) {
                    long num = s.get("num").asLong();
                    assertThat(slices.put(num, s)).as("one slice per call").isNull();
                    threadOf.put(num, p.get("pid").asInt() + "/" + t.get("tid").asInt());
                }
            }
        }
        List<List<String>> calls = rows("SELECT num, ts, latency_ns, pid, tid, type FROM events"
                + " WHERE latency_ns IS NOT NULL");
        assertThat(calls).hasSizeGreaterThan(50);
        assertThat(slices).hasSameSizeAs(calls);
        for (List<String> call : calls) {
            long num = Long.parseLong(call.get(0));
            long ts = Long.parseLong(call.get(1));
            long latency = Long.parseLong(call.get(2));
            JsonNode slice = slices.get(num);
            assertThat(slice).as("slice of event %d", num).isNotNull();
            assertThat(slice.get("name").asText()).isEqualTo(call.get(5));
            assertThat(threadOf.get(num)).isEqualTo(call.get(3) + "/" + call.get(4));
            assertThat(ns(slice.get("duration"))).as("duration of event %d", num).isEqualTo(latency);
            assertThat(ns(slice.get("start")) + origin).as("start of event %d", num).isEqualTo(ts - latency);
        }
    }

    /** At each instant where the workers process made a call, its counter shows the fds it had open. */
    @Test
    void theOpenFdsCounterFollowsTheProcesssFdsTable() throws SQLException {
        TreeMap<Long, Integer> counter = new TreeMap<>();
        for (JsonNode sample : process(workersPid).get("counters")) {
            assertThat(sample.get("name").asText()).isEqualTo("open fds");
            counter.put(ns(sample.get("ts")) + origin, sample.get("args").get("fds").asInt());
        }
        // The last event at each instant (of any process): samples at one instant show the count after all of them.
        TreeMap<Long, Long> lastNumAt = new TreeMap<>();
        for (List<String> e : rows("SELECT ts, MAX(num) FROM events"
                + " WHERE ts IN (SELECT ts FROM events WHERE pid = ?) GROUP BY ts", workersPid)) {
            lastNumAt.put(Long.parseLong(e.get(0)), Long.parseLong(e.get(1)));
        }
        assertThat(lastNumAt).hasSizeGreaterThan(10);
        List<Long> counts = new ArrayList<>();
        for (Map.Entry<Long, Long> at : lastNumAt.entrySet()) {
            long open = Long.parseLong(rows("SELECT COUNT(*) FROM fds AS OF ? WHERE pid = ?", at.getValue(),
                    workersPid).get(0).get(0));
            Map.Entry<Long, Integer> sample = counter.floorEntry(at.getKey());
            assertThat(sample == null ? 0 : sample.getValue()).as("open fds at event %d", at.getValue())
                    .isEqualTo((int) open);
            counts.add(open);
        }
        assertThat(counts).as("stdio and the log the program keeps open").contains(4L);
    }

    private static JsonNode process(int pid) {
        for (JsonNode p : model) {
            if (p.get("pid").asInt() == pid) {
                return p;
            }
        }
        throw new AssertionError("no process " + pid + " in the parsed trace");
    }
}
