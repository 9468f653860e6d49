package io.sysql.capture.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reading /proc: whole files at once (they are generated on read, so their size is unknown). */
final class ProcFiles {
    private ProcFiles() {
    }

    /** Kernel-made text whose fields are ASCII; Latin-1 decodes it without a decoder's cost. */
    static String readAscii(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    static String readUtf8(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    static String readLink(Path link) throws IOException {
        return Files.readSymbolicLink(link).toString();
    }

    /** The entries of a directory whose names are numbers (pids, tids, fds), ascending. */
    static int[] numericEntries(Path dir) throws IOException {
        int[] out = new int[64];
        int n = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                int value = parseNonNegative(entry.getFileName().toString());
                if (value < 0) {
                    continue;
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = value;
            }
        }
        int[] result = Arrays.copyOf(out, n);
        Arrays.sort(result);
        return result;
    }

    /** The decimal number a name spells, or -1 when it is not one. */
    static int parseNonNegative(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
