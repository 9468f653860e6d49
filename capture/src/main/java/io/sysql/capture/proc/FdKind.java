package io.sysql.capture.proc;

import io.sysql.capture.event.FdType;

/** What an fd is, told by the target of its {@code /proc/PID/fd/N} link. */
final class FdKind {
    private static final String SOCKET = "socket:[";
    private static final String ANON = "anon_inode:";

    private FdKind() {
    }

    /**
     * The kind of a non-socket fd. Every absolute path is a {@link FdType#FILE} here: telling a directory
     * needs a stat, which the caller does.
     */
    static FdType ofLinkTarget(String target) {
        if (target.startsWith("/memfd:")) {
            return FdType.MEMFD;
        }
        if (target.startsWith("/")) {
            return FdType.FILE;
        }
        if (target.startsWith("pipe:[")) {
            return FdType.PIPE;
        }
        if (target.startsWith("pidfd:")) {
            return FdType.PIDFD;
        }
        if (target.startsWith(ANON)) {
            return ofAnonInode(target.substring(ANON.length()));
        }
        return FdType.OTHER;
    }

    private static FdType ofAnonInode(String name) {
        switch (name) {
            case "[eventfd]":
                return FdType.EVENT;
            case "[signalfd]":
                return FdType.SIGNALFD;
            case "[eventpoll]":
                return FdType.EVENTPOLL;
            case "inotify":
                return FdType.INOTIFY;
            case "[timerfd]":
                return FdType.TIMERFD;
            case "[pidfd]":
                return FdType.PIDFD;
            default:
                return FdType.OTHER;
        }
    }

    /** The inode of a {@code socket:[N]} target, or -1 when the fd is not a socket. */
    static long socketInode(String target) {
        if (!target.startsWith(SOCKET) || !target.endsWith("]")) {
            return -1;
        }
        return Long.parseLong(target.substring(SOCKET.length(), target.length() - 1));
    }

    /** The open flags in {@code /proc/PID/fdinfo/N} (printed in octal). */
    static long flagsOfFdinfo(String fdinfo) {
        int at = fdinfo.indexOf("flags:");
        if (at < 0) {
            return 0;
        }
        int end = fdinfo.indexOf('\n', at);
        return Long.parseLong(fdinfo.substring(at + 6, end < 0 ? fdinfo.length() : end).trim(), 8);
    }
}
