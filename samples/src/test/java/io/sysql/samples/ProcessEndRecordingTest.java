package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * In a threaded program most procexit events are thread exits: {@code ends_process} marks the one that
 * ends the process, and the fd-leak recipe finds the fds still open at that moment.
 */
class ProcessEndRecordingTest {
    private static final String PROGRAM = """
            import os, sys, threading, time
            os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)  # never closed: open at the process's end
            threads = [threading.Thread(target=time.sleep, args=(0.05,)) for _ in range(3)]
            for t in threads: t.start()
            for t in threads: t.join()
            """;

    @TempDir
    static Path tmp;
    static Path capture;
    static Path leaked;

    @BeforeAll
    static void record() {
        capture = tmp.resolve("cap");
        leaked = tmp.resolve("leaked.log");
        Samples.recordPython(capture, PROGRAM, leaked.toString());
    }

    @Test
    void onlyTheLastThreadsExitEndsTheProcess() throws Exception {
        List<String> exits = LeakHuntingTest.sql(capture, "SELECT num, tid = pid, ends_process FROM events"
                + " WHERE type = 'procexit' AND proc_name = 'python3' ORDER BY num");
        assertThat(exits).hasSize(4);
        assertThat(exits.subList(0, 3)).allMatch(row -> row.endsWith("|false|false"));
        assertThat(exits.get(3)).endsWith("|true|true");

        String threadEnd = exits.get(0).split("\\|")[0];
        String processEnd = exits.get(3).split("\\|")[0];
        String exited = "SELECT exited FROM processes AS OF %s WHERE name = 'python3' AND pid = "
                + "(SELECT pid FROM events WHERE num = %s)";
        assertThat(LeakHuntingTest.sql(capture, String.format(exited, threadEnd, threadEnd))).containsExactly("false");
        assertThat(LeakHuntingTest.sql(capture, String.format(exited, processEnd, processEnd))).containsExactly("true");
    }

    @Test
    void theLeakRecipeFindsTheFdOpenAtTheProcesssEnd() {
        Cli lsof = Cli.run("lsof", capture.toString(), "--where", "proc_name = 'python3'",
                "--at", "proc_name = 'python3' AND ends_process");
        assertThat(lsof.status).as(lsof.toString()).isZero();
        assertThat(lsof.out).contains(leaked.toString());
    }
}
