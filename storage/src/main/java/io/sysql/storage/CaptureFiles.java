package io.sysql.storage;

import com.sun.security.auth.module.UnixSystem;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.history.HistoryIndexFile;
import io.sysql.storage.journal.Journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A capture reveals every path and connection of a machine: only its owner may read it. And only its owner
 * may have written it: a directory another user can change could hold symbolic links that make a
 * privileged reader overwrite any file, or files changed while they are read. So a capture is read and
 * written only by the user who owns it and every entry in it, nothing in it is a symbolic link, and sysql
 * never follows one when it writes there.
 */
public final class CaptureFiles {
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    /** This process's user: asked once, as the JVM cannot change it and asking reads the user database. */
    private static final long ME = new UnixSystem().getUid();
    /** Every file sysql creates in a capture is made with these permissions, never wider for an instant. */
    public static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(FILE_MODE);

    private CaptureFiles() {
    }

    /** Creates {@code dir} 0700, or takes an existing directory only when the current user owns it. */
    static void createPrivateDirectory(Path dir) throws IOException {
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        } catch (FileAlreadyExistsException existing) {
            refuseForeign(dir);
        }
        Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
    }

    public static void restrict(Path file) throws IOException {
        if (!Files.isSymbolicLink(file)) {
            Files.setPosixFilePermissions(file, Files.isDirectory(file) ? DIRECTORY_MODE : FILE_MODE);
        }
    }

    /** Restricts everything under the capture directory, including files Chronicle created. */
    static void restrictAll(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> {
                try {
                    restrict(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * Refuses (one-line {@link CaptureException}) a capture directory, or an entry in it or in its journal,
     * that the current user does not own, and any entry that is a symbolic link. {@code dir} itself may be
     * a link the user made to a directory the user owns. Nothing happens when {@code dir} does not exist.
     */
    public static void refuseForeign(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        requireOwn(dir, "");
        if (Files.isSymbolicLink(dir)) {
            requireOwn(dir.toRealPath(), "");
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        checkEntries(dir, true);
    }

    private static void checkEntries(Path dir, boolean descend) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Map<String, Object> a;
                try {
                    a = Files.readAttributes(entry, "unix:uid,isSymbolicLink,isDirectory", LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if ((Boolean) a.get("isSymbolicLink")) {
                    throw new CaptureException(entry + " is a symbolic link; a capture holds only files of its own");
                }
                requireOwn(entry, (Integer) a.get("uid"), " in a capture");
                if (descend && (Boolean) a.get("isDirectory")) {
                    checkEntries(entry, false);
                }
            }
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException unlistable) {
            throw new CaptureException("permission denied: cannot read " + dir);
        }
    }

    private static void requireOwn(Path p, String where) throws IOException {
        int owner;
        try {
            owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return;
        }
        requireOwn(p, owner, where);
    }

    private static void requireOwn(Path p, int owner, String where) throws IOException {
        if (owner != ME) {
            String ownerName = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
            throw new CaptureException("permission denied: " + p + where + " belongs to " + ownerName
                    + ", not to you; sysql reads and writes only captures you own (copy it, or run as "
                    + ownerName + ")");
        }
    }

    /**
     * Deletes the capture in {@code dir} for {@code --force}: only what sysql writes there; a directory
     * holding anything else is refused, naming it, and left as it is.
     */
    static void deleteCapture(Path dir) throws IOException {
        List<Path> entries;
        try (Stream<Path> all = Files.walk(dir)) {
            entries = all.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).toList();
        }
        List<Path> foreign = entries.stream().filter(p -> !sysqlWrote(dir, p)).toList();
        if (!foreign.isEmpty()) {
            throw new CaptureException(dir + " holds files sysql did not write (" + foreign.get(0)
                    + (foreign.size() > 1 ? " and " + (foreign.size() - 1) + " more" : "") + "); refusing to delete them");
        }
        for (Path p : entries) {
            Files.delete(p);
        }
    }

    private static boolean sysqlWrote(Path dir, Path entry) {
        String name = entry.getFileName().toString();
        if (entry.getParent().equals(dir.resolve(Journal.DIR_NAME))) {
            return Journal.isJournalFile(name) && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
        }
        if (!entry.getParent().equals(dir)) {
            return false;
        }
        if (name.equals(Journal.DIR_NAME)) {
            return Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
        }
        List<String> files = new ArrayList<>(HeadColumns.FILES);
        files.addAll(List.of(CaptureMetadata.FILE_NAME, HistoryIndexFile.FILE_NAME));
        return Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                && files.stream().anyMatch(f -> name.equals(f) || name.startsWith(f + ".") && name.endsWith(".tmp"));
    }

    /**
     * Replaces {@code target} with what {@code content} writes: into a new file created exclusively beside
     * it (never through an existing file or link), then renamed over it, which replaces a link rather than
     * following it.
     */
    public static void replace(Path target, FileContent content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PRIVATE_FILE)) {
                content.write(channel);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a file's content into the channel {@link #replace} gives it. */
    @FunctionalInterface
    public interface FileContent {
        void write(FileChannel channel) throws IOException;
    }
}
