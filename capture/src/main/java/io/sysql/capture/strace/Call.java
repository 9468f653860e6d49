package io.sysql.capture.strace;

import io.sysql.capture.event.Event;

import io.sysql.capture.event.Errno;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One complete system call as strace printed it ({@code name(args) = result <latency>}), split into its
 * top-level arguments and its decoded result, with helpers to read arguments as fds, numbers, strings
 * and named fields.
 */
final class Call {
    private static final Pattern LATENCY = Pattern.compile("\\s<(\\d+)\\.(\\d+)>$");
    private static final Pattern NUMBER = Pattern.compile("-?(0x[0-9a-fA-F]+|\\d+)");
    private static final Pattern ERRNO = Pattern.compile("(E[A-Z0-9_]+)\\b.*", Pattern.DOTALL);
    /** What {@code --pidns-translation} appends to a pid of another pid namespace. */
    private static final Pattern TRANSLATED = Pattern.compile("\\s*/\\* (\\d+) in strace's PID NS \\*/");

    final String name;
    /** The argument text between the parentheses, as printed. */
    final String argText;
    final List<String> args;
    /** The return value; -1 on failure; 0 when strace printed {@code ?} (exit, or a call cut short). */
    final long res;
    final int errno;
    /** The {@code -y} decoration of a returned fd, or null. */
    final FdDecoration resDecoration;
    final long latencyNs;
    /**
     * The result as a pid of strace's own pid namespace, when it is a pid strace translated (the caller is
     * inside another pid namespace); else the result itself.
     */
    final long hostRes;

    private Call(String name, String argText, List<String> args, long res, int errno, FdDecoration resDecoration,
            long latencyNs, long hostRes) {
        this.name = name;
        this.argText = argText;
        this.args = args;
        this.res = res;
        this.errno = errno;
        this.resDecoration = resDecoration;
        this.latencyNs = latencyNs;
        this.hostRes = hostRes;
    }

    static Call parse(String text) {
        int open = text.indexOf('(');
        int close = ArgScanner.matchingClose(text, open);
        String name = text.substring(0, open);
        String argText = text.substring(open + 1, close);
        String rest = text.substring(close + 1);
        long latencyNs = 0;
        Matcher lat = LATENCY.matcher(rest);
        if (lat.find()) {
            latencyNs = Long.parseLong(lat.group(1)) * 1_000_000_000L
                    + Long.parseLong((lat.group(2) + "000000000").substring(0, 9));
            rest = rest.substring(0, lat.start());
        }
        rest = rest.trim();
        if (!rest.startsWith("=")) {
            throw new StraceSyntaxException("no result after the arguments");
        }
        String result = rest.substring(1).trim();
        List<String> args = ArgScanner.splitTopLevel(text, open + 1, close);
        if (result.startsWith("?")) {
            // "= ?": the call did not return (exit_group, or the thread died in it); "= ? ERESTART..." did
            int errno = errnoIn(result.substring(1).trim());
            return new Call(name, argText, args, errno == 0 ? 0 : -1, errno == 0 ? Event.NO_EXIT : errno, null,
                    latencyNs, errno == 0 ? 0 : -1);
        }
        Matcher num = NUMBER.matcher(result);
        if (!num.lookingAt()) {
            throw new StraceSyntaxException("unreadable result: " + result);
        }
        long res = Constants.number(num.group());
        String after = result.substring(num.end());
        FdDecoration decoration = null;
        if (after.startsWith("<")) {
            decoration = FdRef.decorationAt(result, num.end());
        }
        int errno = res == -1 ? errnoIn(after.trim()) : 0;
        Matcher translated = TRANSLATED.matcher(after);
        long hostRes = translated.lookingAt() ? Long.parseLong(translated.group(1)) : res;
        return new Call(name, argText, args, res, errno, decoration, latencyNs, hostRes);
    }

    private static int errnoIn(String text) {
        Matcher m = ERRNO.matcher(text);
        return m.matches() ? Errno.number(m.group(1)) : 0;
    }

    boolean failed() {
        return errno != 0;
    }

    String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** Argument {@code i} read as an fd ({@code 3}, {@code 3</etc/passwd>}, {@code AT_FDCWD</tmp>}), or null. */
    FdRef fd(int i) {
        String a = arg(i);
        return a == null ? null : FdRef.parse(a);
    }

    /** Argument {@code i} read as a number or flag expression; 0 when absent. */
    long num(int i) {
        String a = arg(i);
        return a == null ? 0 : Constants.parse(a);
    }

    /** Argument {@code i} read as a quoted string, or null when strace printed something else (a pointer). */
    EscapedString str(int i) {
        String a = arg(i);
        return a != null && a.startsWith("\"") ? EscapedString.read(a, 0) : null;
    }

    /**
     * The value of {@code key=value} among the arguments or among the fields of a structure argument
     * (clone's {@code flags=...}, clone3's and openat2's {@code {flags=..., ...}}); null when absent.
     */
    String named(String key) {
        String prefix = key + "=";
        for (String a : args) {
            if (a.startsWith(prefix)) {
                return a.substring(prefix.length());
            }
            if (a.startsWith("{")) {
                for (String field : ArgScanner.splitTopLevel(a, 1, ArgScanner.matchingClose(a, 0))) {
                    if (field.startsWith(prefix)) {
                        return field.substring(prefix.length());
                    }
                }
            }
        }
        return null;
    }

    /** The elements of an array argument ({@code ["ls", "-l"]} or {@code [3<pipe:[1]>, 4<pipe:[1]>]}). */
    List<String> array(int i) {
        String a = arg(i);
        if (a == null || !a.startsWith("[")) {
            return List.of();
        }
        return ArgScanner.splitTopLevel(a, 1, ArgScanner.matchingClose(a, 0));
    }
}
