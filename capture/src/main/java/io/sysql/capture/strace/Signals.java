package io.sysql.capture.strace;

import java.util.HashMap;
import java.util.Map;

/** x86_64 signal numbers by the names strace prints (SIGKILL, SIGRT_3, SIGRTMIN). */
final class Signals {
    private Signals() {
    }

    private static final Map<String, Integer> NUMBERS = new HashMap<>();

    static {
        String[] names = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
            "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
            "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
            "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
        for (int i = 1; i < names.length; i++) {
            NUMBERS.put(names[i], i);
        }
        NUMBERS.put("SIGIOT", 6);
        NUMBERS.put("SIGPOLL", 29);
        NUMBERS.put("SIGRTMIN", 34);
        NUMBERS.put("SIGRTMAX", 64);
        for (int i = 1; i <= 30; i++) {
            NUMBERS.put("SIGRT_" + i, 34 + i);
        }
    }

    /** The signal's number, or 0 when the name is unknown (a bare number is read as is). */
    static int number(String name) {
        Integer n = NUMBERS.get(name);
        if (n != null) {
            return n;
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
