package io.sysql.jdbc;

import io.sysql.sql.Fleet;
import io.sysql.sql.FleetSchema;
import io.sysql.sql.SysqlSchema;
import io.sysql.storage.Capture;
import org.apache.calcite.schema.Schema;

import java.nio.file.Path;
import java.util.List;

/**
 * What a list of directories opens as: one capture when it is a single capture directory, else a
 * {@link Fleet} of every capture the directories are or hold. The embedded driver's URL and the server
 * both open their directories here, so {@code jdbc:sysql:DIR1,DIR2} and {@code serve DIR1 DIR2} agree.
 */
public final class OpenCaptures implements AutoCloseable {
    private final Capture capture;
    private final Fleet fleet;

    private OpenCaptures(Capture capture, Fleet fleet) {
        this.capture = capture;
        this.fleet = fleet;
    }

    /** Opens {@code dirs}; a {@link io.sysql.storage.CaptureException} names a directory that is no capture. */
    public static OpenCaptures open(List<Path> dirs) {
        if (dirs.size() == 1 && !Fleet.holdsCaptures(dirs.get(0))) {
            return new OpenCaptures(Capture.open(dirs.get(0)), null);
        }
        return new OpenCaptures(null, Fleet.of(dirs));
    }

    /** A fresh schema over the open captures (each connection has its own). */
    Schema schema() {
        return capture != null ? new SysqlSchema(capture) : new FleetSchema(fleet);
    }

    /** The one capture, or null when these are several (a fleet). */
    public Capture single() {
        return capture;
    }

    /** The captures when these are several, or null for one. */
    public Fleet fleet() {
        return fleet;
    }

    @Override
    public void close() {
        if (capture != null) {
            capture.close();
        } else {
            fleet.close();
        }
    }
}
