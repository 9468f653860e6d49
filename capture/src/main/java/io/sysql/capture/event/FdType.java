package io.sysql.capture.event;

/** The kind of object a file descriptor refers to; names and letters follow sysdig's fd.type / fd.typechar. */
public enum FdType {
    FILE("file", 'f'),
    DIRECTORY("directory", 'd'),
    IPV4("ipv4", '4'),
    IPV6("ipv6", '6'),
    UNIX("unix", 'u'),
    PIPE("pipe", 'p'),
    EVENT("event", 'e'),
    SIGNALFD("signalfd", 's'),
    EVENTPOLL("eventpoll", 'l'),
    INOTIFY("inotify", 'i'),
    TIMERFD("timerfd", 't'),
    MEMFD("memfd", 'm'),
    NETLINK("netlink", 'n'),
    PIDFD("pidfd", 'P'),
    OTHER("other", 'o');

    /** Socket address families (Linux numbering) that have an fd type of their own. */

    private static final FdType[] VALUES = values();

    private final String sqlName;
    private final char letter;

    FdType(String sqlName, char letter) {
        this.sqlName = sqlName;
        this.letter = letter;
    }

    public String sqlName() {
        return sqlName;
    }

    public char letter() {
        return letter;
    }

    public boolean isSocket() {
        return this == IPV4 || this == IPV6 || this == UNIX || this == NETLINK;
    }

    public boolean isIp() {
        return this == IPV4 || this == IPV6;
    }

    /** The type of a socket of an address family; {@link #OTHER} for families without one. */
    public static FdType ofSocketFamily(int family) {
        switch (family) {
            case Linux.AF_INET:
                return IPV4;
            case Linux.AF_INET6:
                return IPV6;
            case Linux.AF_UNIX:
                return UNIX;
            case Linux.AF_NETLINK:
                return NETLINK;
            default:
                return OTHER;
        }
    }

    public static FdType ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    public static FdType ofSqlName(String name) {
        for (FdType t : VALUES) {
            if (t.sqlName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown fd type: " + name);
    }
}
