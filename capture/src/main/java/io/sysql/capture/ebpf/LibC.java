package io.sysql.capture.ebpf;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The libc calls the ring buffer reader and the clock need. Errors: -1 or MAP_FAILED, errno set. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int PROT_READ = 0x1;
    int PROT_WRITE = 0x2;
    int MAP_SHARED = 0x01;
    long MAP_FAILED = -1L;
    int CLOCK_REALTIME = 0;
    int CLOCK_BOOTTIME = 7;

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    int munmap(Pointer addr, long length);

    int clock_gettime(int clockId, Pointer timespec);

    int geteuid();

    int getpagesize();

    String strerror(int errnum);
}
