package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.storage.Capture;
import io.sysql.storage.history.HistoryIndex.StateAt;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A {@code docker exec} recorded by sysdig (samples/scap/psp_run_as_user_0_container.scap): a bash in a
 * container's pid namespace forks ls, and its clone returns ls's pid inside the namespace. Compared with
 * what sysdig 0.29.3 itself reads from the same file, run here.
 */
class ScapContainerImportTest {
    private static final String SAMPLE = "psp_run_as_user_0_container.scap";

    @TempDir
    Path tmp;

    private Capture importSample() {
        Path dir = tmp.resolve("psp");
        CliRun run = CliRun.of("import", ScapSamples.require(SAMPLE).toString(), "-o", dir.toString());
        assertThat(run.status()).as(run.err()).isZero();
        return Capture.open(dir);
    }

    private static List<String[]> sysdig(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sysdig", "-r", ScapSamples.require(SAMPLE).toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("sysdig ended").isTrue();
        assertThat(p.exitValue()).as("sysdig " + String.join(" ", args)).isZero();
        return out.lines().filter(l -> !l.isBlank()).map(l -> l.trim().split("\\s+")).collect(Collectors.toList());
    }

    @Test
    void theThreadsAtTheEndAreSysdigsWithoutPhantomsFromNamespacedCloneResults() throws Exception {
        Set<String> sysdigThreads = sysdig("-c", "ps").stream().skip(1).map(r -> r[0] + "/" + r[1])
                .collect(Collectors.toCollection(TreeSet::new));
        try (Capture c = importSample()) {
            Set<String> threads = c.at(c.lastNum()).threads().stream().map(t -> t.tid + "/" + t.pid)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(threads).as("tid/pid of every thread at the end").isEqualTo(sysdigThreads);
        }
    }

    @Test
    void everyEventOfTheContainerSeesItsProcessAsSysdigDoes() throws Exception {
        List<String[]> rows = sysdig("-p", "%evt.rawtime %thread.tid %thread.vtid %proc.pid %proc.vpid %container.id "
                + "%container.name %container.image", "evt.dir=< and container.id!=host");
        assertThat(rows).as("sysdig sees events in the container").hasSizeGreaterThan(100);
        try (Capture c = importSample()) {
            Map<String, Long> numOfExit = new HashMap<>();
            Event e = new Event();
            try (Journal.Cursor cursor = c.events(1)) {
                while (cursor.next(e)) {
                    numOfExit.putIfAbsent(e.ts + "/" + e.tid, e.num);
                }
            }
            Set<Integer> containerPids = new TreeSet<>();
            for (String[] r : rows) {
                String what = String.join(" ", r);
                Long num = numOfExit.get(r[0] + "/" + r[1]);
                assertThat(num).as("sysql has the event " + what).isNotNull();
                StateAt at = c.at(num);
                int tid = Integer.parseInt(r[1]);
                int pid = Integer.parseInt(r[3]);
                ThreadRow t = at.threads().stream().filter(x -> x.tid == tid).findFirst().orElse(null);
                assertThat(t).as("thread of " + what).isNotNull();
                assertThat(t.pid).as(what).isEqualTo(pid);
                assertThat(t.vtid).as(what).isEqualTo(Integer.parseInt(r[2]));
                ProcessRow p = at.processes().stream().filter(x -> x.pid == pid).findFirst().orElseThrow();
                assertThat(p.vpid).as(what).isEqualTo(Integer.parseInt(r[4]));
                assertThat(p.containerId).as(what).isEqualTo(r[5]);
                assertThat(p.containerName).as(what).isEqualTo(r[6]);
                assertThat(p.containerImage).as(what).isEqualTo(r[7]);
                containerPids.add(pid);
            }
            assertThat(containerPids).as("the exec'd bash and the ls it forked").hasSize(2);
        }
    }

    @Test
    void theContainerTableHasTheCapturesContainer() throws Exception {
        List<String[]> sysdigContainers = sysdig("-c", "lscontainers");
        String[] web = sysdigContainers.get(sysdigContainers.size() - 1); // type image name id, after the header
        try (Capture c = importSample()) {
            assertThat(c.at(c.lastNum()).containers()).singleElement().satisfies(row -> {
                assertThat(row.runtime).isEqualTo(web[0]);
                assertThat(row.image).isEqualTo(web[1]);
                assertThat(row.name).isEqualTo(web[2]);
                assertThat(row.id).isEqualTo(web[3]);
            });
            String dir = tmp.resolve("psp").toString();
            CliRun perEvent = CliRun.of("query", dir, "SELECT e.num, e.name, c.name, c.image FROM events e JOIN containers "
                    + "FOR SYSTEM_TIME AS OF EVT(e.num) c ON TRUE WHERE e.type = 'container' ORDER BY e.num",
                    "--format", "csv");
            assertThat(perEvent.status()).as(perEvent.err()).isZero();
            List<String> rows = perEvent.out().lines().skip(1).toList();
            assertThat(rows).as("the capture describes the container twice: as libsinsp first knew it, then fully")
                    .hasSize(2);
            for (String row : rows) {
                String[] f = row.split(",");
                assertThat(f[2]).as("the container AS OF its metadata event has that event's name: " + row).isEqualTo(f[1]);
            }
            assertThat(rows.get(1)).endsWith("," + web[2] + "," + web[1]);
            CliRun before = CliRun.of("query", dir, "SELECT id FROM containers AS OF " + (Long.parseLong(rows.get(0)
                    .split(",")[0]) - 1) + " WHERE name IS NULL", "--format", "csv");
            assertThat(before.out().lines().skip(1).toList()).as("before its metadata, known from its process's cgroups")
                    .containsExactly(web[3]);
            CliRun ps = CliRun.of("ps", dir, "--where", "container_name = '" + web[2] + "'",
                    "--format", "csv");
            assertThat(ps.status()).as(ps.err()).isZero();
            assertThat(ps.out().lines().skip(1).toList()).as(ps.out()).singleElement().asString().contains("bash");
        }
    }
}
