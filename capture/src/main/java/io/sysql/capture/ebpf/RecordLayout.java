package io.sysql.capture.ebpf;

/**
 * Offsets in the records and settings of {@code capture/src/main/bpf/sysql.bpf.c} (struct sysql_record,
 * struct sysql_settings and the REC_ enum; the ACT_ enum is {@link io.sysql.capture.event.EventKind.KernelRead}). The C side pins them with static assertions; change
 * both together and rebuild the object.
 */
final class RecordLayout {
    private RecordLayout() {
    }

    // struct sysql_record
    static final int TS = 0;
    static final int TGID = 8;
    static final int TID = 12;
    static final int KIND = 16;
    static final int NR = 18;
    static final int CPU = 20;
    static final int FD_MODE = 22;
    static final int RET = 24;
    static final int ARGS = 32;
    static final int AUX = 80;
    static final int LEN1 = 88;
    static final int LEN2 = 90;
    static final int SK_FAMILY = 92;
    static final int SK_TYPE = 94;
    static final int SK_PROTO = 96;
    static final int SK_LPORT = 98;
    static final int SK_RPORT = 100;
    static final int SK_LADDR = 104;
    static final int SK_RADDR = 120;
    static final int COMM = 136;
    static final int COMM_SIZE = 16;
    static final int VTID = 152;
    static final int VPID = 156;
    static final int LATENCY = 160;
    static final int HEADER_SIZE = 168;

    // struct sysql_data_record: the same first fields, then these
    static final int DATA_LEN = 22;
    static final int DATA_FD = 32;
    static final int DATA_LATENCY = 40;
    static final int DATA_HEADER_SIZE = 48;

    /** Bytes of one payload area; data is clamped to one less. */
    static final int AREA = 4096;

    // record kinds
    static final int REC_SYSCALL = 1;
    static final int REC_FORK = 2;
    static final int REC_EXEC = 3;
    static final int REC_PROCEXIT = 4;
    static final int REC_EXIT_CALL = 5;
    static final int REC_DATA = 6;

    /** The nr of a fork record whose parent was in no clone-family call (kernel threads, io workers). */
    static final int NR_UNKNOWN = 0xffff;

    // struct sysql_settings (the object's .rodata)
    static final int SET_SELF_TGID = 0;
    static final int SET_SNAPLEN = 4;
    static final int SET_ACTIONS = 8;
    static final int SET_NR_SYSCALLS = 512;
    static final int SETTINGS_SIZE = SET_ACTIONS + SET_NR_SYSCALLS;
}
