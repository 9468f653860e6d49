package io.sysql.storage.state;

import io.sysql.storage.history.ContainerRow;

/** A container the state machine knows of: its current version and how many live processes run in it. */
final class LiveContainer {
    ContainerRow row;
    int processes;

    LiveContainer(ContainerRow row) {
        this.row = row;
    }
}
