/*
 * Burns CPU, then sleeps: a program whose CPU time is known, for the tests of threads' and processes' CPU
 * time. Spins in user mode, with no system call, until the process has used BURN_MS of CPU (as the kernel
 * counts it), then sleeps SLEEP_MS in one nanosleep(2), then exits 0.
 *
 *   burner BURN_MS SLEEP_MS
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long cpu_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* a vDSO read: no system call */
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s BURN_MS SLEEP_MS\n", argv[0]);
        return 2;
    }
    long long until = cpu_ns() + atoll(argv[1]) * 1000000LL;
    volatile unsigned long spins = 0;
    while (cpu_ns() < until) {
        for (int i = 0; i < 100000; i++) {
            spins++;
        }
    }
    long sleep_ms = atol(argv[2]);
    struct timespec pause = {sleep_ms / 1000, (sleep_ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
    return 0;
}
