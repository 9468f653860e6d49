package io.sysql.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Who runs a command line: the working directory its relative paths mean, and whether a person types at
 * its standard input. That is this process, except in the {@link CommandServer}, where each request (and
 * any thread it starts) runs for a client with a directory and terminal of its own.
 */
final class Invocation {
    private static final Invocation THIS_PROCESS = new Invocation(null, System.console() != null);
    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();

    /** The client's working directory; null in this process, whose own the JVM resolves paths against. */
    private final Path directory;
    private final boolean interactive;
    private final List<Statement> running = new ArrayList<>();
    private boolean cancelled;

    Invocation(Path directory, boolean interactive) {
        this.directory = directory;
        this.interactive = interactive;
    }

    static Invocation current() {
        Invocation i = CURRENT.get();
        return i == null ? THIS_PROCESS : i;
    }

    /** Runs {@code body} as this invocation in the current thread (and the threads it starts). */
    int run(IntSupplier body) {
        CURRENT.set(this);
        try {
            return body.getAsInt();
        } finally {
            CURRENT.remove();
        }
    }

    /** A path the user typed, meaning what it means in their working directory. */
    Path path(String text) {
        return directory == null ? Path.of(text) : directory.resolve(text);
    }

    /** Whether standard input and output are a terminal (a person would type the SQL, not pipe it). */
    boolean interactive() {
        return interactive;
    }

    /** A statement to cancel if the invocation is (its client gone); until {@link #finished}. */
    synchronized void running(Statement st) throws SQLException {
        if (cancelled) {
            st.cancel();
        }
        running.add(st);
    }

    synchronized void finished(Statement st) {
        running.remove(st);
    }

    /** Stops the statements running for this invocation: nobody waits for their rows any more. */
    synchronized void cancel() {
        cancelled = true;
        for (Statement st : running) {
            try {
                st.cancel();
            } catch (SQLException e) {
                // the statement is done or closed: nothing left to stop
            }
        }
    }
}
