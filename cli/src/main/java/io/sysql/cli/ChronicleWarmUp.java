package io.sysql.cli;

/**
 * Chronicle Queue's one-time set-up (its {@code Jvm} class: JMX, thread affinity through JNA, locale data; a
 * quarter of a second) done on a thread of its own while picocli models and parses the command line, and
 * waited for before the command runs: the two overlap on a second core, and no Chronicle class is ever
 * being initialised on two threads at once (which could deadlock).
 */
final class ChronicleWarmUp {
    private final Thread thread;

    private ChronicleWarmUp(Thread thread) {
        this.thread = thread;
    }

    static ChronicleWarmUp start() {
        Thread t = new Thread(ChronicleWarmUp::initialise, "chronicle-warm-up");
        t.setDaemon(true);
        t.start();
        return new ChronicleWarmUp(t);
    }

    private static void initialise() {
        try {
            Class.forName("net.openhft.chronicle.core.Jvm");
        } catch (Throwable e) {
            // Then the command fails where it first uses Chronicle, and says why there.
        }
    }

    void await() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
