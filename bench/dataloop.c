/*
 * Data calls in a tight loop, N times, 64 bytes each: write(2) to /dev/null, or send(2) on a UDP socket
 * connected to another one on 127.0.0.1 (the kernel keeps the socket's endpoints, so the recorder
 * looks them up as it does for a TCP connection); or getppid(2), a call sysql does not record (what every
 * call pays for the probe being attached at all). Prints the elapsed and CPU seconds.
 *
 *   dataloop N write|send|getppid
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int connected_udp(void) {
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(addr);
    int sink = socket(AF_INET, SOCK_DGRAM, 0);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sink < 0 || fd < 0 || bind(sink, (struct sockaddr *)&addr, len) || getsockname(sink, (struct sockaddr *)&addr, &len)
            || connect(fd, (struct sockaddr *)&addr, len)) {
        perror("udp");
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int send_mode = argc > 2 && strcmp(argv[2], "send") == 0;
    int getppid_mode = argc > 2 && strcmp(argv[2], "getppid") == 0;
    int fd = send_mode ? connected_udp() : open("/dev/null", O_WRONLY);
    char buf[64];
    struct timespec a, b, c;
    memset(buf, 'x', sizeof(buf));
    if (fd < 0) { perror("open"); return 1; }
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) {
        if (getppid_mode) {
            getppid();
        } else if ((send_mode ? send(fd, buf, sizeof(buf), 0) : write(fd, buf, sizeof(buf))) < 0) { perror("data call"); return 1; }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    printf("%.3f %.3f\n", (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, c.tv_sec + c.tv_nsec / 1e9);
    return 0;
}
