package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureWriter;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/** Small captures written with the real writer, queried through sysql's own preparation. */
final class TestCaptures {
    /** Event n of a test capture happens at T0 + n seconds. */
    static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    static final long SECOND = 1_000_000_000L;

    private TestCaptures() {
    }

    /** Appends an event of process {@code pid} (its main thread) and returns its number. */
    static long add(CaptureWriter writer, EventKind kind, int pid, long res, Consumer<Event> fill) {
        Event e = Event.of(kind, pid, pid);
        e.res = res;
        fill.accept(e);
        e.ts = T0 + (writer.eventCount() + 1) * SECOND;
        writer.accept(e);
        return e.num;
    }

    /** The rows {@code sql} answers on {@code connection}, each its values as text joined by spaces. */
    static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join(" ", row));
            }
        }
        return out;
    }

    /** A connection to {@code capture} set up as the sysql driver sets one up. */
    static Connection connect(Capture capture) throws SQLException {
        Properties info = new Properties();
        info.setProperty("timeZone", "UTC");
        info.setProperty("caseSensitive", "false");
        info.setProperty("unquotedCasing", "UNCHANGED");
        info.setProperty("quotedCasing", "UNCHANGED");
        Connection connection = new Driver(SysqlPrepare::new) { }.connect("jdbc:calcite:", info);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        calcite.getRootSchema().add(SysqlSchema.NAME, new SysqlSchema(capture));
        calcite.setSchema(SysqlSchema.NAME);
        return connection;
    }
}
