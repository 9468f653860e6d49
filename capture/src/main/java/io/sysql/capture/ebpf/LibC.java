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
    int EPOLL_CTL_ADD = 1;
    int EPOLLIN = 0x001;
    /** struct epoll_event is packed on x86_64: u32 events, u64 data. */
    int EPOLL_EVENT_SIZE = 12;
    int CLOCK_REALTIME = 0;
    int CLOCK_BOOTTIME = 7;
    int EINTR = 4;

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    int munmap(Pointer addr, long length);

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis);

    int close(int fd);

    int clock_gettime(int clockId, Pointer timespec);

    int geteuid();

    int getpagesize();

    String strerror(int errnum);
}
