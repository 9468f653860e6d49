package io.sysql.capture.event;

import java.nio.ByteBuffer;

/**
 * {@link IpText} for a stream of events: a busy socket names the same two addresses in every call it
 * makes, so the text of recently seen addresses is kept (direct-mapped, a newer address evicts an older
 * one of the same slot) and handed out again as the same String instance — no formatting, no allocation,
 * and a journal dictionary that recognises its strings by identity finds it at once. Not thread-safe: one
 * per decoding thread.
 */
public final class IpTextCache {
    private static final int SLOTS = 256;

    private final int[] v4Keys = new int[SLOTS];
    private final String[] v4Texts = new String[SLOTS];
    private final long[] v6High = new long[SLOTS];
    private final long[] v6Low = new long[SLOTS];
    private final String[] v6Texts = new String[SLOTS];

    /** The 4 bytes at {@code offset}, network order, as {@link IpText#ipv4} spells them. */
    public String ipv4(ByteBuffer b, int offset) {
        int key = b.getInt(offset);
        int slot = slot(key);
        String text = v4Texts[slot];
        if (text == null || v4Keys[slot] != key) {
            text = IpText.ipv4(b, offset);
            v4Keys[slot] = key;
            v4Texts[slot] = text;
        }
        return text;
    }

    /** The 16 bytes at {@code offset}, network order, as {@link IpText#ipv6} spells them. */
    public String ipv6(ByteBuffer b, int offset) {
        long high = b.getLong(offset);
        long low = b.getLong(offset + 8);
        int slot = slot(Long.hashCode(high) * 31 + Long.hashCode(low));
        String text = v6Texts[slot];
        if (text == null || v6High[slot] != high || v6Low[slot] != low) {
            text = IpText.ipv6(b, offset);
            v6High[slot] = high;
            v6Low[slot] = low;
            v6Texts[slot] = text;
        }
        return text;
    }

    private static int slot(int hash) {
        int h = hash * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
