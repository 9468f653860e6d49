package io.sysql.capture.scap;

/** Block type codes of the scap file format (pcapng-like blocks), as libscap's scap_savefile.h numbers them. */
final class ScapBlockType {
    private ScapBlockType() {
    }

    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int MACHINE_INFO = 0x201;
    static final int MACHINE_INFO_INT = 0x8002ABCD;
    static final int PROC_LIST_V1 = 0x202;
    static final int PROC_LIST_V1_INT = 0x8000ABCD;
    static final int PROC_LIST_V2 = 0x207;
    static final int PROC_LIST_V2_INT = 0x8013ABCD;
    static final int PROC_LIST_V3 = 0x209;
    static final int PROC_LIST_V3_INT = 0x8014ABCD;
    static final int PROC_LIST_V4 = 0x210;
    static final int PROC_LIST_V5 = 0x211;
    static final int PROC_LIST_V6 = 0x212;
    static final int PROC_LIST_V7 = 0x213;
    static final int PROC_LIST_V8 = 0x214;
    static final int PROC_LIST_V9 = 0x215;
    static final int FD_LIST = 0x203;
    static final int FD_LIST_INT = 0x8001ABCD;
    static final int FD_LIST_V2 = 0x218;
    static final int EVENT = 0x204;
    static final int EVENT_INT = 0x8010ABCD;
    static final int EVENT_V2 = 0x216;
    static final int EVENT_V2_LARGE = 0x221;
    static final int EVENT_FLAGS = 0x208;
    static final int EVENT_FLAGS_V2 = 0x217;
    static final int EVENT_FLAGS_V2_LARGE = 0x222;
    static final int IF_LIST = 0x205;
    static final int IF_LIST_INT = 0x8011ABCD;
    static final int IF_LIST_V2 = 0x219;
    static final int USER_LIST = 0x206;
    static final int USER_LIST_INT = 0x8012ABCD;
    static final int USER_LIST_V2 = 0x220;

    /** Process list version 1..9, or 0 if the type is not a process list. */
    static int procListVersion(int type) {
        switch (type) {
            case PROC_LIST_V1: case PROC_LIST_V1_INT: return 1;
            case PROC_LIST_V2: case PROC_LIST_V2_INT: return 2;
            case PROC_LIST_V3: case PROC_LIST_V3_INT: return 3;
            case PROC_LIST_V4: return 4;
            case PROC_LIST_V5: return 5;
            case PROC_LIST_V6: return 6;
            case PROC_LIST_V7: return 7;
            case PROC_LIST_V8: return 8;
            case PROC_LIST_V9: return 9;
            default: return 0;
        }
    }

    /**
     * pcapng's own blocks (interface description 1, packets 2, 3 and 6, name resolution 4, interface
     * statistics 5), which libscap never writes: a file holding one is a packet capture, scap's
     * section header notwithstanding (scap borrowed pcapng's).
     */
    static boolean isPcapng(int type) {
        return type >= 1 && type <= 6;
    }

    static boolean isEvent(int type) {
        switch (type) {
            case EVENT: case EVENT_INT: case EVENT_V2: case EVENT_V2_LARGE:
            case EVENT_FLAGS: case EVENT_FLAGS_V2: case EVENT_FLAGS_V2_LARGE:
                return true;
            default:
                return false;
        }
    }

    private static boolean eventHasFlags(int type) {
        return type == EVENT_FLAGS || type == EVENT_FLAGS_V2 || type == EVENT_FLAGS_V2_LARGE;
    }

    /** Where the event header of an event block whose content starts at {@code content} is (after its cpu). */
    static int eventHeader(int type, int content) {
        return content + 2 + (eventHasFlags(type) ? 4 : 0);
    }

    /** V2 event headers record the parameter count; older ones leave it to be inferred. */
    static boolean eventHasParamCount(int type) {
        return type == EVENT_V2 || type == EVENT_V2_LARGE || type == EVENT_FLAGS_V2 || type == EVENT_FLAGS_V2_LARGE;
    }

    static String describe(int type) {
        if (type == SECTION_HEADER) {
            return "section header";
        }
        if (procListVersion(type) > 0) {
            return "process list v" + procListVersion(type);
        }
        if (isEvent(type)) {
            return "event";
        }
        switch (type) {
            case MACHINE_INFO: case MACHINE_INFO_INT: return "machine info";
            case FD_LIST: case FD_LIST_INT: case FD_LIST_V2: return "fd list";
            case IF_LIST: case IF_LIST_INT: case IF_LIST_V2: return "interface list";
            case USER_LIST: case USER_LIST_INT: case USER_LIST_V2: return "user list";
            default: return "unknown";
        }
    }

    static String hex(int type) {
        return "0x" + Integer.toHexString(type);
    }
}
