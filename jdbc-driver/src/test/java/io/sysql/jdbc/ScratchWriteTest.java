package io.sysql.jdbc;

import org.junit.jupiter.api.Test;
import java.nio.file.Path;

class ScratchWriteTest {
    @Test
    void write() {
        TwoHostCaptures.write(Path.of("/tmp/fleet_dbg/fleet/srv"), Path.of("/tmp/fleet_dbg/fleet/cli"));
    }
}
