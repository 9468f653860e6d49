package io.sysql.capture.strace;

import java.util.HashMap;
import java.util.Map;

/**
 * The x86_64 values of the symbolic constants strace prints in the arguments this source decodes
 * (open and socket flags, clone flags, fcntl commands, address families, protocols), and the reading of
 * flag expressions such as {@code O_RDONLY|O_CLOEXEC} or {@code 0640} (a trailing C comment, which strace
 * adds after numbers it cannot name, is ignored).
 */
final class Constants {
    private Constants() {
    }

    private static final Map<String, Long> VALUES = new HashMap<>();

    private static void define(long value, String... names) {
        for (String name : names) {
            VALUES.put(name, value);
        }
    }

    static {
        // open(2), also the *_CLOEXEC / *_NONBLOCK flags of the fd-creating calls
        define(0, "O_RDONLY");
        define(01, "O_WRONLY");
        define(02, "O_RDWR");
        define(0100, "O_CREAT");
        define(0200, "O_EXCL");
        define(0400, "O_NOCTTY");
        define(01000, "O_TRUNC");
        define(02000, "O_APPEND");
        define(04000, "O_NONBLOCK", "O_NDELAY", "SOCK_NONBLOCK", "EFD_NONBLOCK", "SFD_NONBLOCK", "TFD_NONBLOCK",
                "IN_NONBLOCK", "PIDFD_NONBLOCK");
        define(010000, "O_DSYNC");
        define(020000, "O_ASYNC", "FASYNC");
        define(040000, "O_DIRECT");
        define(0100000, "O_LARGEFILE");
        define(0200000, "O_DIRECTORY");
        define(0400000, "O_NOFOLLOW");
        define(01000000, "O_NOATIME");
        define(02000000, "O_CLOEXEC", "SOCK_CLOEXEC", "EFD_CLOEXEC", "SFD_CLOEXEC", "TFD_CLOEXEC", "IN_CLOEXEC",
                "EPOLL_CLOEXEC");
        define(04010000, "O_SYNC");
        define(010000000, "O_PATH");
        define(020200000, "O_TMPFILE");
        define(1, "EFD_SEMAPHORE", "MFD_CLOEXEC", "FD_CLOEXEC");
        define(2, "MFD_ALLOW_SEALING", "CLOSE_RANGE_UNSHARE");
        define(4, "MFD_HUGETLB", "CLOSE_RANGE_CLOEXEC");
        define(-100, "AT_FDCWD");

        // socket(2)
        define(1, "SOCK_STREAM");
        define(2, "SOCK_DGRAM");
        define(3, "SOCK_RAW");
        define(4, "SOCK_RDM");
        define(5, "SOCK_SEQPACKET");
        define(6, "SOCK_DCCP");
        define(10, "SOCK_PACKET");
        define(0, "AF_UNSPEC", "PF_UNSPEC");
        define(1, "AF_UNIX", "AF_LOCAL", "PF_UNIX", "PF_LOCAL");
        define(2, "AF_INET", "PF_INET");
        define(10, "AF_INET6", "PF_INET6");
        define(16, "AF_NETLINK", "PF_NETLINK");
        define(17, "AF_PACKET", "PF_PACKET");
        define(0, "IPPROTO_IP", "NETLINK_ROUTE");
        define(1, "IPPROTO_ICMP");
        define(6, "IPPROTO_TCP");
        define(17, "IPPROTO_UDP");
        define(41, "IPPROTO_IPV6");
        define(58, "IPPROTO_ICMPV6");
        define(132, "IPPROTO_SCTP");
        define(136, "IPPROTO_UDPLITE");
        define(255, "IPPROTO_RAW");
        define(262, "IPPROTO_MPTCP");
        define(0, "SHUT_RD");
        define(1, "SHUT_WR");
        define(2, "SHUT_RDWR");

        // fcntl(2)
        define(0, "F_DUPFD");
        define(1, "F_GETFD");
        define(2, "F_SETFD");
        define(3, "F_GETFL");
        define(4, "F_SETFL");
        define(5, "F_GETLK");
        define(6, "F_SETLK");
        define(7, "F_SETLKW");
        define(8, "F_SETOWN");
        define(9, "F_GETOWN");
        define(10, "F_SETSIG");
        define(11, "F_GETSIG");
        define(36, "F_OFD_GETLK");
        define(37, "F_OFD_SETLK");
        define(38, "F_OFD_SETLKW");
        define(1024, "F_SETLEASE");
        define(1025, "F_GETLEASE");
        define(1026, "F_NOTIFY");
        define(1030, "F_DUPFD_CLOEXEC");
        define(1031, "F_SETPIPE_SZ");
        define(1032, "F_GETPIPE_SZ");
        define(1033, "F_ADD_SEALS");
        define(1034, "F_GET_SEALS");

        // clone(2); the exit signal strace prints among them (SIGCHLD) is not a flag and reads as 0
        define(0x80, "CLONE_NEWTIME");
        define(0x100, "CLONE_VM");
        define(0x200, "CLONE_FS");
        define(0x400, "CLONE_FILES");
        define(0x800, "CLONE_SIGHAND");
        define(0x1000, "CLONE_PIDFD");
        define(0x2000, "CLONE_PTRACE");
        define(0x4000, "CLONE_VFORK");
        define(0x8000, "CLONE_PARENT");
        define(0x10000, "CLONE_THREAD");
        define(0x20000, "CLONE_NEWNS");
        define(0x40000, "CLONE_SYSVSEM");
        define(0x80000, "CLONE_SETTLS");
        define(0x100000, "CLONE_PARENT_SETTID");
        define(0x200000, "CLONE_CHILD_CLEARTID");
        define(0x400000, "CLONE_DETACHED");
        define(0x800000, "CLONE_UNTRACED");
        define(0x1000000, "CLONE_CHILD_SETTID");
        define(0x2000000, "CLONE_NEWCGROUP");
        define(0x4000000, "CLONE_NEWUTS");
        define(0x8000000, "CLONE_NEWIPC");
        define(0x10000000, "CLONE_NEWUSER");
        define(0x20000000, "CLONE_NEWPID");
        define(0x40000000, "CLONE_NEWNET");
        define(0x80000000L, "CLONE_IO");
        define(0x100000000L, "CLONE_CLEAR_SIGHAND");
        define(0x200000000L, "CLONE_INTO_CGROUP");
    }

    /**
     * The value of an expression of names and numbers joined by {@code |}; names it does not know (and
     * text that is not a constant at all) count as 0, and a trailing comment is ignored.
     */
    static long parse(String expression) {
        String text = expression.trim();
        int comment = text.indexOf("/*");
        if (comment >= 0) {
            text = text.substring(0, comment).trim();
        }
        long value = 0;
        for (String token : text.split("\\|")) {
            value |= term(token.trim());
        }
        return value;
    }

    private static long term(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        char first = token.charAt(0);
        if (first == '-' || Character.isDigit(first)) {
            try {
                return number(token);
            } catch (StraceSyntaxException e) {
                return 0; // a structure or an expression strace printed, not a constant
            }
        }
        Long v = VALUES.get(token);
        return v == null ? 0 : v;
    }

    /** A number as strace prints one: decimal, 0x hex, or 0-prefixed octal (file modes). */
    static long number(String token) {
        try {
            if (token.startsWith("0x")) {
                return Long.parseUnsignedLong(token.substring(2), 16);
            }
            if (token.length() > 1 && token.startsWith("0")) {
                return Long.parseLong(token.substring(1), 8);
            }
            return token.startsWith("-") ? Long.parseLong(token) : Long.parseUnsignedLong(token);
        } catch (NumberFormatException e) {
            throw new StraceSyntaxException("not a number: " + token);
        }
    }
}
