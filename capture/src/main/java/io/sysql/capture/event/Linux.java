package io.sysql.capture.event;

/**
 * The x86_64 Linux values of the constants sysql reads in calls and in /proc, in one place: every source
 * converts its own notation to these (scap's PPM_ flags, strace's names), and the state machine tests them.
 */
public final class Linux {
    private Linux() {
    }

    // open(2) and the flags of the other fd-creating calls
    public static final long O_WRONLY = 01;
    public static final long O_ACCMODE = 03;
    public static final long O_CREAT = 0100;
    public static final long O_TRUNC = 01000;
    public static final long O_DIRECTORY = 0200000;
    public static final long O_CLOEXEC = 02000000;
    /** SOCK_NONBLOCK, O_NONBLOCK. */
    public static final long O_NONBLOCK = 04000;
    public static final int AT_FDCWD = -100;
    public static final long AT_EMPTY_PATH = 0x1000;

    // fcntl(2), close_range(2)
    public static final int F_DUPFD = 0;
    public static final int F_SETFD = 2;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int FD_CLOEXEC = 1;
    public static final int CLOSE_RANGE_CLOEXEC = 4;

    // clone(2)
    public static final long CLONE_VM = 0x100;
    public static final long CLONE_FS = 0x200;
    public static final long CLONE_FILES = 0x400;
    public static final long CLONE_SIGHAND = 0x800;
    public static final long CLONE_VFORK = 0x4000;
    public static final long CLONE_THREAD = 0x10000;

    // socket(2)
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_TYPE_MASK = 0xf;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    /** USER_HZ: the clock ticks /proc counts CPU and start times in (and scap's procinfo), on every architecture sysql runs on. */
    public static final long NANOS_PER_USER_HZ_TICK = 10_000_000L;

    // stat(2)'s st_mode
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFSOCK = 0140000;
}
