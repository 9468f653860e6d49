package io.sysql.storage.history;

import org.agrona.collections.Int2ObjectHashMap;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * All versions of one kind of row, in the order they were opened, with periodic checkpoints of which
 * versions were still open after an event. "Valid at event N" is then answered from the last checkpoint
 * before N plus the versions opened since — a cost bounded by the live set and the checkpoint spacing,
 * not by N. (Not "at or before N": a version that ends at N, such as a thread that died at N, is valid
 * at N but already closed when N's own checkpoint is taken.)
 *
 * <p>A list restored from a persisted index holds its versions as stored ({@link Stored}) and decodes
 * each the first time it is reached; whether a version is valid at N is read from its stored bounds, so
 * the state at N decodes only the versions valid then.
 */
public final class VersionList<V extends Version> {
    public static final int MIN_CHECKPOINT_SPACING = 256;

    /** Versions of a persisted index, read where they are stored. */
    interface Stored<V> {
        int size();

        long fromNum(int i);

        long toNum(int i);

        V decode(int i);
    }

    /** Every version by position; null where a stored one is not decoded yet. */
    private final ArrayList<V> all = new ArrayList<>();
    /** The versions this list was restored from (positions {@code 0..stored.size()-1}), or null. */
    private Stored<V> stored;
    private final Comparator<V> order;
    private final ToIntFunction<V> pidOf;
    /**
     * pid to the indices (in opening order) of its versions: "valid at N for pid P" reads only those. Null
     * until first asked: a restored list is read at a point far more often than for one process.
     */
    private Int2ObjectHashMap<int[]> byPid;
    /** Indices into {@link #all} of the open versions; each open version knows its slot. */
    private int[] open = new int[64];
    private int openCount;
    private int[] slotOf = new int[64];

    private long[] checkpointNum = new long[16];
    private int[][] checkpointOpen = new int[16][];
    private int checkpoints;
    private int openedSinceCheckpoint;

    public VersionList(ToLongFunction<V> id, ToIntFunction<V> pid) {
        this.order = Comparator.comparingLong(id);
        this.pidOf = pid;
    }

    private void indexByPid(V v, int index) {
        int pid = pidOf.applyAsInt(v);
        int[] indices = byPid.get(pid);
        if (indices == null) {
            indices = new int[4];
            byPid.put(pid, indices);
        } else if (indices[0] + 1 == indices.length) {
            indices = Arrays.copyOf(indices, indices.length * 2);
            byPid.put(pid, indices);
        }
        indices[++indices[0]] = index; // indices[0] holds the count
    }

    /**
     * The versions of process {@code pid} valid at event {@code num}, ordered by id: a cost bounded by
     * that process's own history, whatever the size of the machine's.
     */
    public List<V> validAt(long num, int pid) {
        List<V> out = new ArrayList<>();
        int[] indices = byPid().get(pid);
        if (indices != null) {
            for (int i = 1; i <= indices[0]; i++) {
                int index = indices[i];
                if (fromNum(index) > num) {
                    break;
                }
                if (validAt(index, num)) {
                    out.add(version(index));
                }
            }
        }
        out.sort(order);
        return out;
    }

    /**
     * Visits the versions of every process that had pid {@code pid}, in opening order: a cost bounded by
     * their own history (decoding only theirs once the map by pid is built).
     */
    public void forEachOfPid(int pid, Consumer<? super V> visitor) {
        int[] indices = byPid().get(pid);
        if (indices != null) {
            for (int i = 1; i <= indices[0]; i++) {
                visitor.accept(version(indices[i]));
            }
        }
    }

    /**
     * The map by pid, built at the first call. Synchronized: readers of the index call this concurrently,
     * the one writer ({@link #open}) only while no reader runs.
     */
    private synchronized Int2ObjectHashMap<int[]> byPid() {
        if (byPid == null) {
            byPid = new Int2ObjectHashMap<>();
            for (int i = 0, n = all.size(); i < n; i++) {
                indexByPid(version(i), i);
            }
        }
        return byPid;
    }

    public void open(V v) {
        int index = all.size();
        all.add(v);
        if (slotOf.length <= index) {
            slotOf = Arrays.copyOf(slotOf, Math.max(slotOf.length * 2, index + 1));
        }
        if (open.length == openCount) {
            open = Arrays.copyOf(open, openCount * 2);
        }
        slotOf[index] = openCount;
        open[openCount++] = index;
        v.listIndex = index;
        if (byPid != null) {
            indexByPid(v, index);
        }
        openedSinceCheckpoint++;
    }

    /**
     * Ends {@code v} after event {@code lastNum}: it is valid through it. {@code lastNum} is the event
     * being applied or an earlier one, so a version valid after a checkpoint's event is in its open set.
     */
    public void close(V v, long lastNum, long lastTs) {
        v.validToNum = lastNum;
        v.validToTs = lastTs;
        int slot = slotOf[v.listIndex];
        int moved = open[--openCount];
        open[slot] = moved;
        slotOf[moved] = slot;
    }

    /** Called after each event: takes a checkpoint once enough versions were opened since the last. */
    public void endOfEvent(long num) {
        if (openedSinceCheckpoint >= Math.max(MIN_CHECKPOINT_SPACING, openCount)) {
            checkpoint(num);
        }
    }

    private void checkpoint(long num) {
        if (checkpoints == checkpointNum.length) {
            checkpointNum = Arrays.copyOf(checkpointNum, checkpoints * 2);
            checkpointOpen = Arrays.copyOf(checkpointOpen, checkpoints * 2);
        }
        checkpointNum[checkpoints] = num;
        checkpointOpen[checkpoints] = Arrays.copyOf(open, openCount);
        checkpoints++;
        openedSinceCheckpoint = 0;
    }

    /** The versions valid at event {@code num}, ordered by id. */
    public List<V> validAt(long num) {
        List<V> out = new ArrayList<>();
        forEachValidAt(num, out::add);
        out.sort(order);
        return out;
    }

    /** Visits the versions valid at event {@code num}, in no particular order. */
    public void forEachValidAt(long num, Consumer<? super V> visitor) {
        int cp = lastCheckpointBefore(num);
        int from = 0;
        if (cp >= 0) {
            for (int index : checkpointOpen[cp]) {
                if (validAt(index, num)) {
                    visitor.accept(version(index));
                }
            }
            from = firstOpenedAfter(checkpointNum[cp]);
        }
        for (int i = from, n = all.size(); i < n; i++) {
            if (fromNum(i) > num) {
                break;
            }
            if (validAt(i, num)) {
                visitor.accept(version(i));
            }
        }
    }

    private int lastCheckpointBefore(long num) {
        int lo = 0;
        int hi = checkpoints - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (checkpointNum[mid] < num) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private int firstOpenedAfter(long num) {
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fromNum(mid) <= num) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Every version ever opened, in opening order (zero-length ones included; see Version#isEmpty). */
    public List<V> all() {
        if (stored == null) {
            return Collections.unmodifiableList(all);
        }
        return new AbstractList<>() {
            @Override
            public V get(int index) {
                return version(index);
            }

            @Override
            public int size() {
                return all.size();
            }
        };
    }

    /** The version at {@code index}, decoded if it is only stored. */
    private V version(int index) {
        return stored == null ? all.get(index) : storedVersion(index);
    }

    /**
     * Synchronized: readers of the index decode concurrently, and a version's end (not final: the state
     * machine closes it) must be seen as decoded; the one writer runs only while no reader does.
     */
    private synchronized V storedVersion(int index) {
        V v = all.get(index);
        if (v == null) {
            v = stored.decode(index);
            v.listIndex = index;
            all.set(index, v);
        }
        return v;
    }

    /** The first event of the version at {@code index}: it never changes, so a stored one is read as stored. */
    private long fromNum(int index) {
        return stored != null && index < stored.size() ? stored.fromNum(index) : all.get(index).validFromNum;
    }

    /** Whether the version at {@code index} is valid at event {@code num}, decoding nothing. */
    private boolean validAt(int index, long num) {
        if (stored == null) {
            return all.get(index).validAt(num);
        }
        synchronized (this) {
            V v = all.get(index);
            return v != null ? v.validAt(num) : stored.fromNum(index) <= num && num <= stored.toNum(index);
        }
    }

    public int size() {
        return all.size();
    }

    public int openCount() {
        return openCount;
    }

    /** The versions still open, in opening order. */
    public List<V> openVersions() {
        int[] indices = Arrays.copyOf(open, openCount);
        Arrays.sort(indices);
        List<V> out = new ArrayList<>(openCount);
        for (int i : indices) {
            out.add(version(i));
        }
        return out;
    }

    int checkpointCount() {
        return checkpoints;
    }

    long checkpointNum(int i) {
        return checkpointNum[i];
    }

    int[] checkpointOpen(int i) {
        return checkpointOpen[i];
    }

    /** Rebuilds the list from persisted parts: versions in opening order and the checkpoints. */
    void restore(Stored<V> versions, long[] cpNums, int[][] cpOpen, int cpCount, int sinceCheckpoint) {
        if (!all.isEmpty()) {
            throw new IllegalStateException("restoring into a list that has versions");
        }
        stored = versions;
        all.addAll(Collections.nCopies(versions.size(), null));
        slotOf = new int[Math.max(slotOf.length, versions.size())];
        for (int index = 0; index < versions.size(); index++) {
            if (versions.toNum(index) == Version.OPEN) {
                if (open.length == openCount) {
                    open = Arrays.copyOf(open, openCount * 2);
                }
                slotOf[index] = openCount;
                open[openCount++] = index;
            }
        }
        checkpointNum = Arrays.copyOf(cpNums, Math.max(16, cpCount));
        checkpointOpen = Arrays.copyOf(cpOpen, Math.max(16, cpCount));
        checkpoints = cpCount;
        openedSinceCheckpoint = sinceCheckpoint;
    }

    int openedSinceCheckpoint() {
        return openedSinceCheckpoint;
    }
}
