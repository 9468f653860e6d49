package io.sysql.capture.proc;

import io.sysql.capture.event.Clock;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The state of the whole machine, read from /proc and /etc, written as synthetic events (snap_user,
 * snap_group, snap_process, snap_thread, snap_fd) so that a capture's journal alone rebuilds all state.
 *
 * <p>Processes that vanish mid-scan and files the kernel hides are counted in {@link SourceCounters}
 * ({@link SourceCounters#VANISHED}, {@link SourceCounters#PERMISSION_DENIED}) and never fail the scan.
 */
public final class ProcSnapshot {
    private final Path procRoot;
    private final Path etc;
    private final BootClock bootClock;

    /**
     * @param procRoot where proc is mounted, normally {@code /proc}
     * @param etc where passwd and group are, normally {@code /etc}
     * @throws UncheckedIOException when {@code procRoot/stat} cannot tell the boot time
     */
    public ProcSnapshot(Path procRoot, Path etc) {
        this.procRoot = procRoot;
        this.etc = etc;
        try {
            this.bootClock = BootClock.read(procRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The snapshot of this machine: {@code /proc} and {@code /etc}. */
    public static ProcSnapshot ofThisMachine() {
        return new ProcSnapshot(Path.of("/proc"), Path.of("/etc"));
    }

    /** Users, then groups, then every process in pid order, each followed by its threads and its fds. */
    public void emitAll(EventSink sink, SourceCounters counters) {
        emitAccounts(sink, counters);
        emitProcesses(sink, counters);
    }

    /** Every process in pid order, each followed by its threads and its fds (a re-read of the machine). */
    public void emitProcesses(EventSink sink, SourceCounters counters) {
        int[] pids;
        try {
            pids = ProcFiles.numericEntries(procRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + procRoot, e);
        }
        ProcessScan scan = new ProcessScan(procRoot, bootClock, new NetNamespaces(procRoot), sink, counters);
        for (int pid : pids) {
            scan.scan(pid);
        }
    }

    /** The users of {@code passwd} and the groups of {@code group}. */
    public void emitAccounts(EventSink sink, SourceCounters counters) {
        long ts = Clock.nowNanos();
        Accounts.emitUsers(etc.resolve("passwd"), ts, sink, counters);
        Accounts.emitGroups(etc.resolve("group"), ts, sink, counters);
    }

    /**
     * One process with its threads and fds, read afresh (e.g. after events of it were lost).
     *
     * @return false when the process no longer exists (counted as vanished); nothing is emitted then
     */
    public boolean emitProcess(int pid, EventSink sink, SourceCounters counters) {
        return new ProcessScan(procRoot, bootClock, new NetNamespaces(procRoot), sink, counters).scan(pid);
    }
}
