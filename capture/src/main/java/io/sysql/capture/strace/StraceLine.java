package io.sysql.capture.strace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code strace -f -ttt} output, split into its kind and parts but not decoded:
 * <pre>
 * 4545  1795680817.391381 clone(child_stack=NULL, flags=...) = 4549 &lt;0.000516&gt;     CALL
 * 4545  1795680817.391381 wait4(4549,  &lt;unfinished ...&gt;                             UNFINISHED
 * 4545  1795680817.394129 &lt;... wait4 resumed&gt;[{WIFEXITED(s) ...}], 0, NULL) = 4549  RESUMED
 * 4545  1795680818.000000 wait4(-1,  &lt;detached ...&gt;                                 DETACHED
 * 4549  1795680817.393987 +++ exited with 7 +++                                      EXITED
 * 4550  1795680817.395785 +++ killed by SIGKILL +++                                  KILLED
 * 4545  1795680817.394231 --- SIGCHLD {si_signo=SIGCHLD, ...} ---                    SIGNAL
 * </pre>
 */
final class StraceLine {
    enum Kind { CALL, UNFINISHED, RESUMED, DETACHED, EXITED, KILLED, SUPERSEDED, SIGNAL }

    private static final Pattern PREFIX = Pattern.compile("(\\d+)\\s+(\\d+)\\.(\\d+) (.*)", Pattern.DOTALL);
    private static final Pattern RESUMED = Pattern.compile("<\\.\\.\\. ([\\w]+) resumed>(.*)", Pattern.DOTALL);
    private static final Pattern CALL_NAME = Pattern.compile("[A-Za-z_][\\w]*\\(.*", Pattern.DOTALL);
    private static final Pattern EXITED = Pattern.compile("\\+\\+\\+ exited with (\\d+) \\+\\+\\+");
    private static final Pattern KILLED = Pattern.compile("\\+\\+\\+ killed by (\\w+)( \\(core dumped\\))? \\+\\+\\+");
    private static final Pattern SUPERSEDED = Pattern.compile("\\+\\+\\+ superseded by execve in pid (\\d+) \\+\\+\\+");
    private static final Pattern SIGNAL = Pattern.compile("--- (?:stopped by )?(\\w+) ?(.*?) ?---");
    private static final String UNFINISHED = " <unfinished ...>";
    private static final String DETACHED = " <detached ...>";

    final Kind kind;
    final int tid;
    /** The -ttt time stamp: when the call entered (or the fact was seen), ns since the epoch. */
    final long entryNs;
    /** The call's name; the signal's name for SIGNAL and KILLED. */
    final String name;
    /**
     * CALL: {@code name(args) = result <latency>}; UNFINISHED and DETACHED: {@code name(args so far};
     * RESUMED: what follows {@code resumed>}; SIGNAL: the siginfo text.
     */
    final String body;
    /** EXITED: the exit status; SUPERSEDED: the thread id that took over. */
    final int number;

    private StraceLine(Kind kind, int tid, long entryNs, String name, String body, int number) {
        this.kind = kind;
        this.tid = tid;
        this.entryNs = entryNs;
        this.name = name;
        this.body = body;
        this.number = number;
    }

    static StraceLine parse(String line) {
        Matcher prefix = PREFIX.matcher(line);
        if (!prefix.matches()) {
            throw new StraceSyntaxException("no pid and time stamp");
        }
        int tid = Integer.parseInt(prefix.group(1));
        long entryNs = Long.parseLong(prefix.group(2)) * 1_000_000_000L + fractionNs(prefix.group(3));
        String rest = prefix.group(4);

        Matcher m;
        if (rest.endsWith(UNFINISHED) && CALL_NAME.matcher(rest).matches()) {
            String body = rest.substring(0, rest.length() - UNFINISHED.length());
            return new StraceLine(Kind.UNFINISHED, tid, entryNs, nameOf(body), body, 0);
        }
        if (rest.endsWith(DETACHED) && CALL_NAME.matcher(rest).matches()) {
            String body = rest.substring(0, rest.length() - DETACHED.length());
            return new StraceLine(Kind.DETACHED, tid, entryNs, nameOf(body), body, 0);
        }
        if ((m = RESUMED.matcher(rest)).matches()) {
            return new StraceLine(Kind.RESUMED, tid, entryNs, m.group(1), m.group(2), 0);
        }
        if ((m = EXITED.matcher(rest)).matches()) {
            return new StraceLine(Kind.EXITED, tid, entryNs, null, null, Integer.parseInt(m.group(1)));
        }
        if ((m = KILLED.matcher(rest)).matches()) {
            return new StraceLine(Kind.KILLED, tid, entryNs, m.group(1), null, 0);
        }
        if ((m = SUPERSEDED.matcher(rest)).matches()) {
            return new StraceLine(Kind.SUPERSEDED, tid, entryNs, null, null, Integer.parseInt(m.group(1)));
        }
        if ((m = SIGNAL.matcher(rest)).matches()) {
            return new StraceLine(Kind.SIGNAL, tid, entryNs, m.group(1), m.group(2), 0);
        }
        if (CALL_NAME.matcher(rest).matches()) {
            return new StraceLine(Kind.CALL, tid, entryNs, nameOf(rest), rest, 0);
        }
        throw new StraceSyntaxException("not a call, a death or a signal");
    }

    private static String nameOf(String call) {
        return call.substring(0, call.indexOf('('));
    }

    /** Digits after the decimal point as ns (-ttt prints microseconds). */
    private static long fractionNs(String digits) {
        String nine = digits.length() >= 9 ? digits.substring(0, 9) : (digits + "000000000").substring(0, 9);
        return Long.parseLong(nine);
    }
}
