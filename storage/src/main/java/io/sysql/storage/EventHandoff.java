package io.sysql.storage;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventSink;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Lets a reader decode on one thread while another thread consumes (applies and journals) what it decoded:
 * events are copied into batches of reused {@link Event} objects and handed over through a bounded queue,
 * in order, none lost. The decoding side waits when the consumer is {@link #BATCHES} batches behind.
 *
 * <p>A failure of the consumer stops the decoding side at its next hand-over ({@link Stopped}) and is
 * rethrown, as it was thrown, by {@link #finish()}.
 */
final class EventHandoff implements EventSink, AutoCloseable {
    static final int BATCH_SIZE = 1024;
    static final int BATCHES = 4;
    private static final Batch END = new Batch(0);

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final EventSink consumer;
    private final Thread thread;
    private Batch filling;
    private volatile Throwable failure;
    private boolean ended;

    /** Starts the consuming thread, which delivers each event to {@code consumer} in the order accepted. */
    public EventHandoff(EventSink consumer, String threadName) {
        this.consumer = consumer;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch(BATCH_SIZE));
        }
        this.thread = new Thread(this::consume, threadName);
        thread.start();
        filling = take(free);
    }

    /** Copies the event for the consumer; the caller may reuse {@code event} as soon as this returns. */
    @Override
    public void accept(Event event) {
        filling.events[filling.size++].copyFrom(event);
        if (filling.size == BATCH_SIZE) {
            handOver();
            filling = take(free);
        }
    }

    /**
     * Hands over what is left, waits until the consumer has delivered everything, and rethrows the
     * consumer's failure if it had one.
     */
    public void finish() {
        end();
        Throwable t = failure;
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** Ends the consuming thread without reporting its failure (the caller is already failing). */
    @Override
    public void close() {
        end();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (filling != null && filling.size > 0 && failure == null) {
            handOver();
        }
        filling = null;
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the events were being written", e);
        }
    }

    private void handOver() {
        if (failure != null) {
            throw new Stopped(failure);
        }
        put(filling);
    }

    private void consume() {
        while (true) {
            Batch batch = take(full);
            if (batch == END) {
                return;
            }
            if (failure == null) {
                try {
                    for (int i = 0; i < batch.size; i++) {
                        consumer.accept(batch.events[i]);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }
            // after a failure, batches still come back so that the decoding side never waits forever
            batch.size = 0;
            free.add(batch);
        }
    }

    private void put(Batch batch) {
        try {
            full.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over events", e);
        }
    }

    private static Batch take(BlockingQueue<Batch> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over events", e);
        }
    }

    /** Thrown into the decoding side once the consumer has failed; {@link #finish()} reports the failure. */
    static final class Stopped extends RuntimeException {
        Stopped(Throwable cause) {
            super("the consumer of the events failed: " + cause, cause, false, false);
        }
    }

    private static final class Batch {
        final Event[] events;
        int size;

        Batch(int capacity) {
            events = new Event[capacity];
            for (int i = 0; i < capacity; i++) {
                events[i] = new Event();
            }
        }
    }
}
