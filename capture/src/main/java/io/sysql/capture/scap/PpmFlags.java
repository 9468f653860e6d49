package io.sysql.capture.scap;

/**
 * The driver encodes open flags, clone flags and fcntl commands in its own portable bit layout; sysql's
 * events carry Linux values, as the other sources do.
 */
final class PpmFlags {
    private PpmFlags() {
    }

    // driver bit -> Linux value, open flags (PPM_O_*)
    private static final int[][] OPEN = {
        {1 << 2, 0100}, {1 << 3, 02000}, {1 << 4, 010000}, {1 << 5, 0200}, {1 << 6, 04000},
        {1 << 7, 04010000}, {1 << 8, 01000}, {1 << 9, 040000}, {1 << 10, 0200000}, {1 << 11, 0100000},
        {1 << 12, 02000000}, {1 << 13, 020200000},
    };
    private static final int PPM_O_RDONLY = 1;
    private static final int PPM_O_WRONLY = 1 << 1;

    // driver bit -> Linux value, clone flags (PPM_CL_*)
    private static final long[][] CLONE = {
        {1 << 0, 0x400}, {1 << 1, 0x200}, {1 << 2, 0x80000000L}, {1 << 3, 0x08000000}, {1 << 4, 0x40000000},
        {1 << 5, 0x20000}, {1 << 6, 0x20000000}, {1 << 7, 0x04000000}, {1 << 8, 0x8000}, {1 << 9, 0x100000},
        {1 << 10, 0x2000}, {1 << 11, 0x800}, {1 << 12, 0x40000}, {1 << 13, 0x10000}, {1 << 14, 0x800000},
        {1 << 15, 0x100}, {1 << 20, 0x10000000}, {1 << 23, 0x200000}, {1 << 24, 0x1000000},
        {1 << 25, 0x80000}, {1 << 27, 0x4000}, {1 << 28, 0x02000000},
    };

    static long openFlags(long ppm) {
        long linux = 0;
        boolean read = (ppm & PPM_O_RDONLY) != 0;
        boolean write = (ppm & PPM_O_WRONLY) != 0;
        if (read && write) {
            linux |= 2;
        } else if (write) {
            linux |= 1;
        }
        for (int[] m : OPEN) {
            if ((ppm & m[0]) != 0) {
                linux |= m[1];
            }
        }
        return linux;
    }

    static long cloneFlags(long ppm) {
        long linux = 0;
        for (long[] m : CLONE) {
            if ((ppm & m[0]) != 0) {
                linux |= m[1];
            }
        }
        return linux;
    }

    /** fcntl command: the driver's PPM_FCNTL_* code to Linux's F_* number (unknown codes stay -1). */
    static long fcntlCommand(long ppm) {
        switch ((int) ppm) {
            case 1: return 0;      // F_DUPFD
            case 2: return 1;      // F_GETFD
            case 3: return 2;      // F_SETFD
            case 4: return 3;      // F_GETFL
            case 5: return 4;      // F_SETFL
            case 6: return 5;      // F_GETLK
            case 8: return 6;      // F_SETLK
            case 9: return 7;      // F_SETLKW
            case 10: return 8;     // F_SETOWN
            case 12: return 9;     // F_GETOWN
            case 13: return 10;    // F_SETSIG
            case 15: return 11;    // F_GETSIG
            case 26: return 1030;  // F_DUPFD_CLOEXEC
            default: return -1;
        }
    }
}
