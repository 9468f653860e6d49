package io.sysql.capture.scap;

import java.util.Locale;

/** The event parameters the decoder reads by name; each event type knows at which index it holds each. */
enum ParamField {
    RES, FD, NAME, FLAGS, MODE, DIRFD, PATH, FILENAME, PATHNAME, TUPLE, ADDR, DATA, SIZE,
    EXE, ARGS, TID, PID, PTID, CWD, FDLIMIT, VM_SIZE, VM_RSS, COMM, UID, GID, EUID, EGID,
    FD1, FD2, OLDFD, NEWFD, DOMAIN, TYPE, PROTO, CMD, STATUS, RET, SIG, TRUSTED_EXEPATH, ID, NATIVEID, VTID, VPID, PID_FD, TARGET_FD,
    CGROUPS, IMAGE, JSON, INO, HOW, CPU_USR, CPU_SYS;

    static final ParamField[] VALUES = values();

    final String paramName = name().toLowerCase(Locale.ROOT);
}
