package io.sysql.capture.strace;

import java.io.IOException;

/** strace could not run or could not trace anything; the message says why and what to do. */
public final class StraceException extends IOException {
    private final int exitStatus;

    StraceException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    /** strace's exit status, or -1 when strace did not run. */
    public int exitStatus() {
        return exitStatus;
    }
}
