/*
 * leaky: a small app that writes a log and, unless run with --fixed, forgets to close it.
 * Along the way it makes one failing I/O call (a read on an fd it already closed) and writes a
 * line containing ERROR to its log, so that the state around both can be looked up.
 * Usage: leaky LOGDIR [--fixed]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void log_line(int fd, const char *line) {
    if (write(fd, line, strlen(line)) < 0) perror("write");
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    int fixed = argc > 2 && strcmp(argv[2], "--fixed") == 0;
    char path[4096];

    snprintf(path, sizeof path, "%s/leaky.log", dir);
    int log = open(path, O_CREAT | O_WRONLY | O_APPEND, 0600);
    snprintf(path, sizeof path, "%s/leaky.state", dir);
    int state = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    if (log < 0 || state < 0) { perror("open"); return 2; }

    log_line(log, "INFO starting\n");
    int config = open("/etc/hostname", O_RDONLY);
    char buf[64];
    if (config >= 0) {
        (void) read(config, buf, sizeof buf);
        close(config);
        if (read(config, buf, sizeof buf) < 0 && errno == EBADF) {
            log_line(log, "ERROR config vanished while reading\n");
        }
    }
    log_line(state, "42\n");
    log_line(log, "INFO done\n");
    if (fixed) {
        close(state);
        close(log);
    }
    return 0;
}
