package io.sysql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

class VerifiedJournalFilesTest {
    @TempDir
    Path dir;

    private Path settledCapture() throws Exception {
        Path cap = dir.resolve("cap");
        try (CaptureWriter w = CaptureWriter.create(cap, false, "test", "unit")) {
            for (int i = 0; i < 200; i++) {
                Event open = Event.of(EventKinds.OPENAT, 100, 100);
                open.ts = 1_000 + i;
                open.res = 3 + i % 10;
                open.path = "/tmp/f" + i;
                open.fdType = FdType.FILE;
                w.accept(open);
            }
        }
        Thread.sleep(VerifiedJournalFiles.SETTLED_MILLIS + 100); // only files changed a while ago are remembered
        return cap;
    }

    private static List<Path> journalFiles(Path cap) throws IOException {
        try (Stream<Path> files = Files.list(cap.resolve(Journal.DIR_NAME))) {
            return files.filter(f -> Journal.isJournalFile(f.getFileName().toString())).toList();
        }
    }

    private static Path cycleFile(Path cap) throws IOException {
        return journalFiles(cap).stream().filter(f -> Journal.isCycleFile(f.getFileName().toString())).findFirst()
                .orElseThrow();
    }

    private static void flipLastWrittenByte(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] bytes = new byte[(int) Math.min(raf.length(), 1 << 20)];
            raf.readFully(bytes);
            int at = bytes.length - 1;
            while (at > 0 && bytes[at] == 0) {
                at--;
            }
            raf.seek(at);
            raf.write(bytes[at] ^ 0x40);
        }
    }

    @Test
    void anOpenRemembersEveryJournalFileItChecked() throws Exception {
        Path cap = settledCapture();
        Capture.open(cap).close();
        String verified = Files.readString(cap.resolve(VerifiedJournalFiles.FILE_NAME));
        assertThat(journalFiles(cap)).isNotEmpty().allSatisfy(f -> assertThat(verified)
                .contains(CaptureMetadata.FINGERPRINT_PREFIX + cap.relativize(f) + "="));
        Capture.open(cap).close(); // answered from the list
    }

    @Test
    void aFileChangedInPlaceAfterItWasRememberedIsStillRefused() throws Exception {
        Path cap = settledCapture();
        Capture.open(cap).close();
        Path cycle = cycleFile(cap);
        long size = Files.size(cycle);
        flipLastWrittenByte(cycle); // same size, same inode: only its status-change time tells
        assertThat(Files.size(cycle)).isEqualTo(size);
        assertThatThrownBy(() -> Capture.open(cap)).isInstanceOf(CaptureException.class)
                .hasMessageContaining(cycle.getFileName() + " is damaged").hasMessageContaining("checksum mismatch");
    }

    @Test
    void aDamagedListIsIgnored() throws Exception {
        Path cap = settledCapture();
        Capture.open(cap).close();
        Path list = cap.resolve(VerifiedJournalFiles.FILE_NAME);
        Files.writeString(list, Files.readString(list).replace("=", "=9"), StandardCharsets.UTF_8);
        Capture.open(cap).close();
        assertThat(Files.readString(list)).doesNotContain("=9");
        flipLastWrittenByte(cycleFile(cap));
        assertThatThrownBy(() -> Capture.open(cap)).hasMessageContaining("is damaged");
    }
}
