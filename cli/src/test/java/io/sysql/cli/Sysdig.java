package io.sysql.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * sysdig 0.29.3 (Debian's package, installed by .ci/run) reading a capture file: the oracle sysql's import
 * is compared with. It reads files without any kernel driver. Its event list is read once; each state is
 * one run of the chisel {@code sysdig-state-at.lua}.
 */
final class Sysdig {
    /**
     * A thread of sysdig's thread table. {@code vtid}, {@code vpid} and {@code containerId} ("host" outside
     * containers) come from its events: they are null when none of its events said.
     */
    record Thread(int tid, int pid, String comm, Long uid, Long fdLimit, Integer vtid, Integer vpid,
                  String containerId) {
    }

    /** An fd of a thread's fd table, with the socket fields the netstat chisel reads. */
    record Fd(int pid, int tid, int fd, String type, String name, String l4proto, String sip, String sport,
              String cip, String cport) {
    }

    /** sysdig's tables right after the event {@code evtNum} (null for the end of the capture). */
    record State(Long evtNum, List<Thread> threads, List<Fd> fds) {
    }

    /** A thread's virtual ids and container as an event showed them. */
    private record SeenInEvent(long evtNum, int tid, String vtid, String vpid, String containerId) {
    }

    private final Path capture;
    private final Map<String, Long> callsPerType = new TreeMap<>();
    private final List<SeenInEvent> seenInEvents = new ArrayList<>();

    Sysdig(Path capture) {
        this.capture = capture;
        List<String[]> events = new ArrayList<>();
        // "*": print events where a field is missing too (sysdig otherwise drops them)
        for (String line : run("-r", capture.toString(), "-p",
                "*%evt.num %thread.tid %thread.vtid %proc.vpid %container.id %evt.type %evt.dir")) {
            String[] f = line.split(" ");
            events.add(f);
            seenInEvents.add(new SeenInEvent(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2], f[3], f[4]));
        }
        countCalls(events);
    }

    /**
     * Pairs each thread's call entries ({@code evt.dir} &gt;) with their exits (&lt;): a pair is one call, and so
     * is an exit without its entry (the call began before the capture) and an entry without its exit (the
     * thread died in it, or it had not returned when the capture ended). Events of a type that never has an
     * exit (procexit, switch, exit_group...) are calls of their own and leave a pending entry alone: a switch
     * often comes between a blocking call's entry and exit.
     */
    private void countCalls(List<String[]> events) {
        Set<String> withExit = new HashSet<>();
        events.stream().filter(f -> f[6].equals("<")).forEach(f -> withExit.add(f[5]));
        Map<String, String> pending = new HashMap<>();
        for (String[] f : events) {
            String tid = f[1];
            String type = f[5];
            if (!withExit.contains(type)) {
                callsPerType.merge(type, 1L, Long::sum);
                continue;
            }
            String entered = f[6].equals(">") ? pending.put(tid, type) : pending.remove(tid);
            if (entered != null && (f[6].equals(">") || !entered.equals(type))) {
                callsPerType.merge(entered, 1L, Long::sum);
            }
            if (f[6].equals("<")) {
                callsPerType.merge(type, 1L, Long::sum);
            }
        }
        pending.values().forEach(type -> callsPerType.merge(type, 1L, Long::sum));
    }

    /** Fails unless the installed sysdig is {@code version}: the allow-list names that version's bugs. */
    static void requireVersion(String version) {
        String installed = run("--version").get(0);
        if (!installed.equals("sysdig version " + version)) {
            throw new IllegalStateException("the oracle is sysdig " + version + " (Debian's package), not " + installed);
        }
    }

    /** Calls per type as sysql counts them, one event per call (see {@link #countCalls}). */
    Map<String, Long> callsPerType() {
        return callsPerType;
    }

    /**
     * The tables at the first event matching {@code filter} (a sysdig filter), or at the end of the capture
     * for a null filter; null when no event matches.
     */
    State stateAt(String filter) {
        List<String> args = new ArrayList<>(List.of("-r", capture.toString(), "-c", chisel().toString()));
        if (filter != null) {
            // a chisel argument is split at spaces unless single-quoted
            args.add("'" + filter + "'");
        }
        List<String> lines = run(args.toArray(String[]::new));
        String point = lines.get(0).split("\t")[1];
        if (point.equals("none")) {
            return null;
        }
        Long evtNum = point.equals("end") ? null : Long.parseLong(point);
        Map<Integer, SeenInEvent> seen = new HashMap<>();
        seenInEvents.stream().filter(e -> evtNum == null || e.evtNum() <= evtNum).forEach(e -> seen.put(e.tid(), e));
        List<Thread> threads = new ArrayList<>();
        List<Fd> fds = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("thread")) {
                int tid = Integer.parseInt(f[1]);
                SeenInEvent e = seen.get(tid);
                threads.add(new Thread(tid, Integer.parseInt(f[2]), comm(f[3]), uid(f[4]), fdLimit(f[5]),
                        e == null ? null : number(e.vtid()), e == null ? null : number(e.vpid()),
                        e == null ? null : text(e.containerId())));
            } else {
                fds.add(new Fd(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), unescape(f[4]),
                        blank(f[5]), blank(f[6]), blank(f[7]), blank(f[8]), blank(f[9]), blank(f[10])));
            }
        }
        return new State(evtNum, threads, fds);
    }

    /** A field of an event line; sysdig prints {@code <NA>} for a field it does not know. */
    private static Integer number(String s) {
        return s.equals("<NA>") ? null : Integer.valueOf(s);
    }

    private static String text(String s) {
        return s.equals("<NA>") ? null : s;
    }

    /** sysdig shows the name of a thread it knows nothing of as {@code <NA>}; sysql as NULL. */
    private static String comm(String s) {
        return s.equals("<NA>") ? null : unescape(s);
    }

    /** sysdig shows an unknown uid as -1 (4294967295 unsigned); sysql as NULL. */
    private static Long uid(String s) {
        long v = Long.parseLong(s);
        return v < 0 || v == 4294967295L ? null : v;
    }

    /** sysdig shows an unknown fd limit as 0 or -1 (4294967295 unsigned); sysql as NULL. */
    private static Long fdLimit(String s) {
        long v = Long.parseLong(s);
        return v <= 0 || v == 4294967295L ? null : v;
    }

    /** sysdig shows a missing name or address as an empty string; sysql as NULL. */
    private static String blank(String s) {
        return s.isEmpty() ? null : unescape(s);
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Path chisel() {
        try {
            return Path.of(Sysdig.class.getResource("/sysdig-state-at.lua").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** sysdig's output lines for these arguments; fails when it is missing or fails. */
    static List<String> run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("sysdig");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("sysdig failed: " + String.join(" ", command));
            }
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("sysdig 0.29.3 must be installed (apt-get install sysdig; .ci/run does)", e);
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
