package io.sysql.capture.strace;

/** A line of strace output that does not read as strace writes it. */
final class StraceSyntaxException extends RuntimeException {
    StraceSyntaxException(String message) {
        super(message, null, false, false);
    }
}
