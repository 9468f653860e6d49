package io.sysql.capture.event;

/**
 * Where a source delivers events, in the order they happened. The event object may be reused by the
 * caller after {@code accept} returns, so a sink copies what it keeps.
 */
@FunctionalInterface
public interface EventSink {
    void accept(Event event);
}
