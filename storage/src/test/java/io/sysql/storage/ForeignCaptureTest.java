package io.sysql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.columns.HeadColumnsWriter;
import io.sysql.storage.history.HistoryIndexFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Root querying or recording into a directory an unprivileged user prepared: the user's symbolic links
 * must never make root write elsewhere, and the directory is refused with one line. The user is
 * {@code nobody}; what that user does runs as that user through setpriv.
 */
class ForeignCaptureTest {
    private static final String PRECIOUS = "root's file, not to be overwritten\n";

    @TempDir
    Path tmp;
    private Path shared;
    private Path victim;

    @BeforeEach
    void rootWithAVictimFile() throws Exception {
        assumeTrue(run("id", "-u").equals("0"), "needs root to act as root and as another user");
        shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path rootOnly = Files.createDirectory(tmp.resolve("root-only"));
        victim = Files.writeString(rootOnly.resolve("victim"), PRECIOUS);
    }

    @Test
    void rootRefusesToQueryAnotherUsersCaptureAndWritesNothingThroughItsLinks() throws Exception {
        Path cap = shared.resolve("cap");
        record(cap);
        // Derived files absent, so a reader would write them; the owner plants links in their place.
        Files.delete(cap.resolve(HistoryIndexFile.FILE_NAME));
        Files.delete(cap.resolve(HeadColumns.FILE_NAME));
        run("chown", "-R", "nobody:", cap.toString()); // and nobody's group
        asNobody("ln", "-s", victim.toString(), cap.resolve(HistoryIndexFile.FILE_NAME).toString());
        asNobody("ln", "-s", victim.toString(), cap.resolve(HeadColumns.FILE_NAME).toString());

        assertThatThrownBy(() -> Capture.open(cap)).isInstanceOf(CaptureException.class)
                .hasMessageStartingWith("permission denied: " + cap + " belongs to nobody, not to you")
                .hasMessageNotContaining("\n");
        assertThat(Files.readString(victim)).isEqualTo(PRECIOUS);
    }

    @Test
    void recordRefusesAnEmptyDirectoryAnotherUserOwns() throws Exception {
        Path out = shared.resolve("out");
        asNobody("mkdir", out.toString());

        assertThatThrownBy(() -> CaptureWriter.create(out, false, "test", "unit"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("permission denied: " + out + " belongs to nobody");
        try (var entries = Files.list(out)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void recordRefusesALinkAnotherUserPlantedAsTheCaptureDirectory() throws Exception {
        Path link = shared.resolve("out");
        Path rootsEmptyDirectory = Files.createDirectory(tmp.resolve("root-empty"));
        asNobody("ln", "-s", rootsEmptyDirectory.toString(), link.toString());

        assertThatThrownBy(() -> CaptureWriter.create(link, false, "test", "unit"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("belongs to nobody");
        try (var entries = Files.list(rootsEmptyDirectory)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void aLinkInOnesOwnCaptureIsRefusedNamingIt() throws Exception {
        Path cap = tmp.resolve("cap");
        record(cap);
        Files.delete(cap.resolve(HeadColumns.FILE_NAME));
        Files.createSymbolicLink(cap.resolve(HeadColumns.FILE_NAME), victim);

        assertThatThrownBy(() -> Capture.open(cap)).isInstanceOf(CaptureException.class)
                .hasMessage(cap.resolve(HeadColumns.FILE_NAME) + " is a symbolic link; a capture holds only files of its own");
        assertThat(Files.readString(victim)).isEqualTo(PRECIOUS);
    }

    @Test
    void writersReplaceOrRefuseALinkNeverWriteThroughIt() throws Exception {
        Path cap = tmp.resolve("cap");
        record(cap);
        Path index = cap.resolve(HistoryIndexFile.FILE_NAME);
        Files.delete(index);
        Files.createSymbolicLink(index, victim);
        CaptureFiles.replace(index, channel -> channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertThat(Files.isSymbolicLink(index)).isFalse();
        assertThat(Files.readAllBytes(index)).containsExactly(1, 2, 3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(index))).isEqualTo("rw-------");

        for (String columnsFile : List.of(HeadColumns.FILE_NAME, "events.types")) {
            Path columns = cap.resolve(columnsFile);
            Files.delete(columns);
            Files.createSymbolicLink(columns, victim);
            assertThatThrownBy(() -> HeadColumnsWriter.resume(cap)).isInstanceOf(IOException.class);
            Files.delete(columns);
        }
        assertThat(Files.readString(victim)).isEqualTo(PRECIOUS);
    }

    private static void record(Path dir) {
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            Event e = Event.of(EventKinds.SNAP_PROCESS, 100, 100);
            e.name = "app";
            e.ts = 1_000;
            w.accept(e);
        }
    }

    private static void asNobody(String... command) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("setpriv", "--reuid=nobody",
                "--regid=" + run("id", "-g", "nobody"), "--clear-groups"));
        argv.addAll(List.of(command));
        run(argv.toArray(String[]::new));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
