/*
 * workers: a small multi-threaded program, so a recording has more than one thread per process.
 * The main thread opens DIR/workers.log (argv[1]) and keeps it open; three threads each create,
 * write and close DIR/workerN.txt; one of them also makes a call that fails (a read on fd -1).
 * Usage: workers DIR
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *dir;

static void *work(void *arg) {
    long n = (long) arg;
    char path[4096];
    snprintf(path, sizeof path, "%s/worker%ld.txt", dir, n);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0) { perror(path); return NULL; }
    if (write(fd, "work\n", 5) < 0) perror("write");
    close(fd);
    if (n == 1) {
        char c;
        (void) read(-1, &c, 1);
    }
    return NULL;
}

int main(int argc, char **argv) {
    dir = argc > 1 ? argv[1] : "/tmp";
    char path[4096];
    snprintf(path, sizeof path, "%s/workers.log", dir);
    int log = open(path, O_CREAT | O_WRONLY | O_APPEND, 0600);
    if (log < 0) { perror(path); return 2; }
    pthread_t threads[3];
    for (long i = 0; i < 3; i++) {
        pthread_create(&threads[i], NULL, work, (void *) i);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(threads[i], NULL);
    }
    if (write(log, "done\n", 5) < 0) perror("write");
    return 0;
}
