/*
 * Loads sysql's shipped BPF object with libbpf alone (no JVM), to split the cost of `record --system`
 * between the probe and its reader: attaches every program, then either leaves the ring unread (sized
 * to hold a whole run) or drains it every 10 ms doing nothing with the records. Runs until killed;
 * prints "attached" once the programs are live. ACTIONS is the table of what the probe reads for each call
 * (which calls it records), as the recorder fills it: bench/KernelReads.java prints it; without it the
 * probe records no call (births, execs and deaths only).
 *
 *   ring-reader OBJECT RING_MIB unread|drain [ACTIONS]
 *
 * Build: gcc -O2 -o ring-reader ring-reader.c -lbpf (libbpf-dev)
 */
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ignore(void *ctx, void *data, size_t size) { return 0; }

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (strcmp(argv[3], "unread") && strcmp(argv[3], "drain"))) {
        fprintf(stderr, "usage: %s OBJECT RING_MIB unread|drain [ACTIONS]\n", argv[0]);
        return 2;
    }
    unsigned char actions[512] = {0};
    if (argc == 5) {
        FILE *f = fopen(argv[4], "rb");
        if (!f || fread(actions, 1, sizeof(actions), f) != sizeof(actions)) {
            perror(argv[4]);
            return 1;
        }
        fclose(f);
    }
    struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
    if (!obj) {
        perror("open");
        return 1;
    }
    struct bpf_map *map;
    bpf_object__for_each_map(map, obj) {
        if (!strcmp(bpf_map__name(map), "events")) {
            bpf_map__set_max_entries(map, (unsigned)atoi(argv[2]) << 20);
        } else if (strstr(bpf_map__name(map), ".rodata")) {
            size_t size;
            unsigned *settings = (unsigned *)bpf_map__initial_value(map, &size);
            settings[0] = getpid(); /* sysql_settings.self_tgid: this loader is not recorded */
            memcpy((char *)settings + 8, actions, sizeof(actions)); /* sysql_settings.actions */
        }
    }
    if (bpf_object__load(obj)) {
        fprintf(stderr, "load failed\n");
        return 1;
    }
    struct bpf_program *prog;
    bpf_object__for_each_program(prog, obj) {
        if (!bpf_program__attach(prog)) {
            fprintf(stderr, "attach %s failed\n", bpf_program__name(prog));
            return 1;
        }
    }
    printf("attached\n");
    fflush(stdout);
    if (!strcmp(argv[3], "unread")) {
        pause();
        return 0;
    }
    struct ring_buffer *ring = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), ignore, NULL, NULL);
    if (!ring) {
        perror("ring");
        return 1;
    }
    for (;;) {
        ring_buffer__consume(ring);
        usleep(10000);
    }
}
