package io.sysql.capture.event;

/**
 * A socket's state in {@code ss}'s words (TCP's state names as the kernel has them; UNCONN for a
 * datagram socket without a peer): read from {@code /proc/net} at the snapshot, derived from the calls
 * afterwards.
 */
public final class SocketState {
    public static final String ESTABLISHED = "ESTABLISHED";
    public static final String SYN_SENT = "SYN_SENT";
    public static final String FIN_WAIT2 = "FIN_WAIT2";
    public static final String CLOSE = "CLOSE";
    public static final String CLOSE_WAIT = "CLOSE_WAIT";
    public static final String LISTEN = "LISTEN";
    /** A UDP or raw socket without a peer: the kernel says CLOSE, {@code ss} says UNCONN. */
    public static final String UNCONN = "UNCONN";

    /** The {@code st} column of {@code /proc/net/tcp}: include/net/tcp_states.h, from 1. */
    private static final String[] TCP = {
        null, ESTABLISHED, SYN_SENT, "SYN_RECV", "FIN_WAIT1", FIN_WAIT2, "TIME_WAIT", CLOSE,
        CLOSE_WAIT, "LAST_ACK", LISTEN, "CLOSING", "NEW_SYN_RECV"};
    private static final int TCP_CLOSE = 7;

    private SocketState() {
    }

    /** The state of a {@code /proc/net} row's {@code st} for this protocol ("tcp", "udp", "raw"), or null. */
    public static String ofProcNet(int st, String l4proto) {
        if (!"tcp".equals(l4proto) && st == TCP_CLOSE) {
            return UNCONN;
        }
        return st > 0 && st < TCP.length ? TCP[st] : null;
    }

    /** A socket just created, or one whose peer is known by its address only: what ss shows for it. */
    public static String unconnected(String l4proto) {
        return "tcp".equals(l4proto) ? CLOSE : l4proto == null ? null : UNCONN;
    }
}
