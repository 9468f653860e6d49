/*
 * fdtour: touches every kind of fd change the recorder must follow, then exits without closing
 * anything, so that its fds AS OF its exit are known exactly:
 *   10 files opened in DIR (argv[1]), 3 of them closed, one dup2'ed onto fd 20,
 *   a TCP listener on 127.0.0.1 (ephemeral port), a connection to it and the accepted end,
 *   a child that execs argv[2] (default /bin/true).
 * It prints the listener's port and the child's pid on stdout.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    const char *child_program = argc > 2 ? argv[2] : "/bin/true";
    int fds[10];
    char path[4096];
    for (int i = 0; i < 10; i++) {
        snprintf(path, sizeof path, "%s/file%d.txt", dir, i);
        fds[i] = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
        if (fds[i] < 0) { perror(path); return 2; }
    }
    close(fds[1]);
    close(fds[4]);
    close(fds[7]);
    if (dup2(fds[9], 20) != 20) { perror("dup2"); return 2; }

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) != 0) { perror("bind"); return 2; }
    if (listen(listener, 4) != 0) { perror("listen"); return 2; }
    socklen_t len = sizeof addr;
    getsockname(listener, (struct sockaddr *) &addr, &len);

    int client = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(client, (struct sockaddr *) &addr, sizeof addr) != 0) { perror("connect"); return 2; }
    int accepted = accept(listener, NULL, NULL);
    if (accepted < 0) { perror("accept"); return 2; }

    pid_t child = fork();
    if (child == 0) {
        execl(child_program, child_program, (char *) NULL);
        _exit(127);
    }
    int status;
    waitpid(child, &status, 0);
    printf("port %d child %d\n", ntohs(addr.sin_port), (int) child);
    fflush(stdout);
    return 0;
}
