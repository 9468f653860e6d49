package io.sysql.capture.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.SourceCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users and groups of the snapshot against getent, and against a passwd with lines to skip. */
class AccountsTest {

    private static List<Event> accounts(Path etc, SourceCounters counters) {
        List<Event> events = new ArrayList<>();
        new ProcSnapshot(Path.of("/proc"), etc).emitAccounts(e -> events.add(e.copy()), counters);
        return events;
    }

    private static List<String> getent(String database, int... fields) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Commands.run("getent", database).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(":", -1);
            StringBuilder row = new StringBuilder();
            for (int i : fields) {
                row.append(f[i]).append('|');
            }
            rows.add(row.toString());
        }
        return rows;
    }

    @Test
    void usersAreWhatGetentPasswdShows() throws Exception {
        assumeTrue(Commands.exists("getent"), "getent is not installed");
        List<String> users = accounts(Path.of("/etc"), new SourceCounters()).stream()
                .filter(e -> e.kind == EventKinds.SNAP_USER)
                .map(e -> e.name + "|" + Integer.toUnsignedString(e.uid) + "|" + Integer.toUnsignedString(e.gid) + "|"
                        + e.home + "|" + e.shell + "|")
                .collect(Collectors.toList());
        assertThat(users).containsExactlyElementsOf(getent("passwd", 0, 2, 3, 5, 6))
                .anyMatch(user -> user.startsWith("root|0|0|/root|"));
    }

    @Test
    void groupsAreWhatGetentGroupShows() throws Exception {
        assumeTrue(Commands.exists("getent"), "getent is not installed");
        List<String> groups = accounts(Path.of("/etc"), new SourceCounters()).stream()
                .filter(e -> e.kind == EventKinds.SNAP_GROUP)
                .map(e -> e.name + "|" + Integer.toUnsignedString(e.gid) + "|")
                .collect(Collectors.toList());
        assertThat(groups).containsExactlyElementsOf(getent("group", 0, 2)).contains("root|0|");
    }

    @Test
    void usersComeBeforeGroupsAndMalformedLinesAreCounted(@TempDir Path etc) throws Exception {
        Files.writeString(etc.resolve("passwd"), "# a comment\n"
                + "alice:x:1001:100:Alice:/home/alice:/bin/sh\n"
                + "broken line without colons\n"
                + "\n"
                + "nobody:x:4294967294:65534::/nonexistent:/usr/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "users:x:100:alice\nstaff:x:notanumber:\n");
        SourceCounters counters = new SourceCounters();

        List<Event> events = accounts(etc, counters);

        assertThat(events).extracting(e -> e.kind + " " + e.name + " " + Integer.toUnsignedString(e.uid) + " "
                + Integer.toUnsignedString(e.gid) + " " + e.home + " " + e.shell).containsExactly(
                "snap_user alice 1001 100 /home/alice /bin/sh",
                "snap_user nobody 4294967294 65534 /nonexistent /usr/sbin/nologin",
                "snap_group users 4294967295 100 null null");
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isEqualTo(2);
    }

    @Test
    void aMissingGroupFileMeansNoGroups(@TempDir Path etc) throws Exception {
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        SourceCounters counters = new SourceCounters();

        assertThat(accounts(etc, counters)).extracting(e -> e.kind).containsExactly(EventKinds.SNAP_USER);
        assertThat(counters.snapshot()).isEmpty();
    }
}
