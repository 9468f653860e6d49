/*
 * A CPU hog or an I/O hog for a known stretch of time, for the tests of `sysql top --every`.
 *
 *   hog cpu SECONDS             two threads spin at a time, each for 100 ms of its own CPU time, then exit and
 *                               are replaced, until SECONDS have passed. A thread's exit is where an eBPF
 *                               recording reads its exact CPU time, so the process's time is known within
 *                               100 ms of when it was used (its threads' periodic samples are up to a second
 *                               old).
 *   hog io FILE SECONDS         rewrites the first megabyte of FILE, a megabyte per write, as fast as it can
 *                               until SECONDS have passed: gigabytes a second through the page cache, while the
 *                               file stays 1 MB.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LANES 2
#define MB (1024 * 1024)

static double now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *spin(void *unused) {
    (void) unused;
    double until = now(CLOCK_THREAD_CPUTIME_ID) + 0.1;
    volatile unsigned long spins = 0;
    while (now(CLOCK_THREAD_CPUTIME_ID) < until) {
        for (int i = 0; i < 100000; i++) {
            spins++;
        }
    }
    return NULL;
}

static int cpu(double seconds) {
    double until = now(CLOCK_MONOTONIC) + seconds;
    while (now(CLOCK_MONOTONIC) < until) {
        pthread_t lanes[LANES];
        for (int i = 0; i < LANES; i++) {
            if (pthread_create(&lanes[i], NULL, spin, NULL) != 0) {
                perror("pthread_create");
                return 1;
            }
        }
        for (int i = 0; i < LANES; i++) {
            pthread_join(lanes[i], NULL);
        }
    }
    return 0;
}

static int io(const char *path, double seconds) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror(path);
        return 1;
    }
    static char chunk[MB];
    memset(chunk, 'x', sizeof chunk);
    double until = now(CLOCK_MONOTONIC) + seconds;
    while (now(CLOCK_MONOTONIC) < until) {
        if (pwrite(fd, chunk, sizeof chunk, 0) != (ssize_t) sizeof chunk) {
            perror("pwrite");
            return 1;
        }
    }
    return close(fd) == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "cpu") == 0) {
        return cpu(atof(argv[2]));
    }
    if (argc == 4 && strcmp(argv[1], "io") == 0) {
        return io(argv[2], atof(argv[3]));
    }
    fprintf(stderr, "usage: %s cpu SECONDS | %s io FILE SECONDS\n", argv[0], argv[0]);
    return 2;
}
