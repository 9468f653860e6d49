/*
 * The cheapest captured call: close(-1), which fails with EBADF and so changes nothing, N times, as fast
 * as possible or paced at RATE calls per second; prints the elapsed and CPU seconds. One core offers
 * the recorder over a million events per second this way, enough to find the consumer's ceiling (an
 * open+close pair costs too much in the kernel to get there).
 *
 *   badclose N [RATE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t); /* the vDSO: no system call, so no event */
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    double rate = argc > 2 ? atof(argv[2]) : 0;
    double start = seconds(CLOCK_MONOTONIC);
    for (long i = 0; i < n; i++) {
        /* paced in batches of 1000 calls: spin until the schedule allows the next batch */
        if (rate > 0 && i % 1000 == 0) {
            while (seconds(CLOCK_MONOTONIC) - start < i / rate) {
            }
        }
        syscall(SYS_close, -1);
    }
    /* wall seconds, then CPU seconds (user + kernel, the BPF programs included): the machine is shared */
    printf("%.3f %.3f\n", seconds(CLOCK_MONOTONIC) - start, seconds(CLOCK_PROCESS_CPUTIME_ID));
    return 0;
}
