package io.sysql.storage.state;

import io.sysql.capture.event.Event;

/** What one kind of event does to the state. Implementations live in {@link Effects}. */
@FunctionalInterface
interface Effect {
    void apply(Event e, StateMachine s);
}
