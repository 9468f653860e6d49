package io.sysql.storage.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import org.junit.jupiter.api.Test;

/** After a drop, a re-read of /proc followed by a resync event makes the state what /proc showed. */
class ResyncTest {
    @Test
    void whatTheReReadDidNotFindIsGoneAndWhatItFoundKeepsItsIdentity() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.open(100, "/kept", 3);
        s.open(100, "/closed-while-lost", 4);
        s.process(200, 1, "gone");
        long keptUfd = ufd(s, 100, 3, s.num);

        s.apply(Event.of(EventKinds.DROP, 0, 0));
        s.process(100, 1, "app");
        snapFd(s, 100, 3, "/kept");
        snapFd(s, 100, 5, "/opened-while-lost");
        long resync = s.apply(Event.of(EventKinds.RESYNC, 0, 0));

        assertThat(s.fds(100, resync)).containsExactly("3=/kept", "5=/opened-while-lost");
        assertThat(ufd(s, 100, 3, resync)).isEqualTo(keptUfd);
        assertThat(s.processes(200, resync)).singleElement().satisfies(p -> {
            assertThat(p.exited).isTrue();
            assertThat(p.exitCode).isEqualTo(-1);
        });
        assertThat(s.processes(200, resync + 1)).isEmpty();
        assertThat(s.processes(100, resync).get(0).upid).isEqualTo(s.processes(100, 1).get(0).upid);
    }

    @Test
    void aDropWithoutReReadChangesNothing() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.open(100, "/kept", 3);
        long drop = s.apply(Event.of(EventKinds.DROP, 0, 0));
        s.open(100, "/later", 4);
        assertThat(s.fds(100, drop)).containsExactly("3=/kept");
        assertThat(s.fds(100, s.num)).containsExactly("3=/kept", "4=/later");
    }

    private static void snapFd(Script s, int pid, int fd, String path) {
        Event e = Event.of(EventKinds.SNAP_FD, pid, pid);
        e.fd = fd;
        e.fdType = FdType.FILE;
        e.path = path;
        s.apply(e);
    }

    private static long ufd(Script s, int pid, int fd, long at) {
        return s.history.at(at).fds().stream().filter(f -> f.pid == pid && f.fd == fd)
                .mapToLong(f -> f.ufd).findFirst().orElseThrow();
    }
}
