package io.sysql.storage.state;

import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;

import java.util.LinkedHashMap;
import java.util.Map;

/** A process alive in the state machine: its current version, fd table and threads. */
final class LiveProcess {
    ProcessRow row;
    /** Threads of the process share this one fd table (CLONE_FILES). */
    final FdTable fds = new FdTable();
    final Map<Integer, ThreadRow> threads = new LinkedHashMap<>();
    /** Created because an event named a pid nobody had seen start; its details are unknown. */
    boolean placeholder;
    /** exit_group was called: the next death of any thread ends the whole process. */
    boolean exitGroup;
    int exitGroupCode;

    LiveProcess(ProcessRow row) {
        this.row = row;
    }
}
