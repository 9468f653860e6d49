package io.sysql.capture.event;

import java.util.Arrays;

/** An open-addressing map from thread id to a long, so that per-event bookkeeping allocates nothing. */
public final class TidMap {
    private static final int EMPTY = Integer.MIN_VALUE;

    private int[] keys;
    private long[] values;
    private int size;

    public TidMap() {
        keys = new int[1024];
        values = new long[1024];
        Arrays.fill(keys, EMPTY);
    }

    public long get(int key, long absent) {
        int i = find(key);
        return keys[i] == key ? values[i] : absent;
    }

    public void put(int key, long value) {
        int i = find(key);
        if (keys[i] != key) {
            keys[i] = key;
            if (++size * 2 > keys.length) {
                keys[i] = key;
                values[i] = value;
                grow();
                return;
            }
        }
        values[i] = value;
    }

    /** The values, in no particular order. */
    public long[] values() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                out[n++] = values[i];
            }
        }
        return out;
    }

    /** Removes the key; returns its value or {@code absent}. */
    public long remove(int key, long absent) {
        int i = find(key);
        if (keys[i] != key) {
            return absent;
        }
        long v = values[i];
        keys[i] = EMPTY;
        size--;
        // re-insert the rest of the probe run so lookups still find them
        int mask = keys.length - 1;
        for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int k = keys[j];
            long val = values[j];
            keys[j] = EMPTY;
            size--;
            put(k, val);
        }
        return v;
    }

    private int find(int key) {
        int mask = keys.length - 1;
        int i = (key * 0x9E3779B9) >>> 7 & mask;
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
