package io.sysql.capture.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.EventKind.KernelRead;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventKindsTest {

    /** The codes journals of format 5 were written with: a journal's code must keep naming the same kind. */
    private static final String FORMAT_5_CODES = "snap_process snap_thread snap_fd snap_user snap_group procexit"
            + " unknown drop open openat openat2 creat close close_range dup dup2 dup3 fcntl pipe pipe2 socket"
            + " socketpair bind listen connect accept accept4 shutdown eventfd eventfd2 signalfd signalfd4"
            + " timerfd_create inotify_init inotify_init1 epoll_create epoll_create1 memfd_create pidfd_open clone"
            + " clone3 fork vfork execve execveat exit exit_group chdir fchdir setuid setgid setreuid setregid"
            + " setresuid setresgid read write pread64 pwrite64 readv writev preadv pwritev preadv2 pwritev2 send"
            + " sendto sendmsg sendmmsg recv recvfrom recvmsg recvmmsg stat fstat lstat newfstatat statx access"
            + " faccessat faccessat2 mmap munmap mprotect brk rt_sigaction rt_sigprocmask ioctl lseek getdents64"
            + " poll ppoll select pselect6 epoll_wait epoll_pwait epoll_ctl futex nanosleep clock_nanosleep wait4"
            + " kill tgkill getpid getsockname getpeername setsockopt getsockopt readlink readlinkat unlink"
            + " unlinkat rename renameat renameat2 mkdir mkdirat rmdir getcwd prctl arch_prctl set_tid_address"
            + " set_robust_list rseq prlimit64 getrandom sysinfo uname signal sendfile splice ftruncate fsync"
            + " fdatasync flock mount capture_end procinfo switch container cpu_hotplug sysdigevent clock_gettime"
            + " gettimeofday getuid geteuid getgid getegid getppid gettid sched_yield madvise mremap statfs"
            + " fstatfs io_uring_enter epoll_pwait2 sched_getaffinity restart_syscall";

    @Test
    void journalCodesOfEarlierFormatsKeepNamingTheSameKinds() {
        String[] names = FORMAT_5_CODES.split(" ");
        List<String> byCode = new ArrayList<>();
        for (int code = 1; code <= names.length; code++) {
            byCode.add(EventKinds.ofCode(code).name());
        }
        assertThat(byCode).containsExactly(names);
        for (String name : names) {
            assertThat(EventKinds.of(name).journalCode()).as(name).isPositive();
        }
    }

    @Test
    void everyCallTheKernelSideRecordsHasItsX86Number() {
        for (EventKind k : EventKinds.all()) {
            if (k.kernelRead() != KernelRead.SKIP) {
                assertThat(k.x86Number()).as(k.name()).isNotNegative();
                assertThat(EventKinds.ofX86(k.x86Number())).isSameAs(k);
            }
        }
    }

    @Test
    void x86NumbersAreTheAbis() {
        assertThat(EventKinds.ofX86(0).name()).isEqualTo("read");
        assertThat(EventKinds.ofX86(257).name()).isEqualTo("openat");
        assertThat(EventKinds.ofX86(438).name()).isEqualTo("pidfd_getfd");
        assertThat(EventKinds.ofX86(9999).name()).isEqualTo("syscall_9999");
    }

    @Test
    void aNameTheTableLacksIsACallWithoutEffectStoredByName() {
        EventKind k = EventKinds.of("frobnicate_2");
        assertThat(k.isCall()).isTrue();
        assertThat(k.effect()).isEqualTo(EventKind.Effect.NONE);
        assertThat(k.journalCode()).isZero();
        assertThat(EventKinds.of("frobnicate_2")).isSameAs(k);
    }

    @Test
    void snapshotAndBookkeepingKindsAreNotCalls() {
        assertThat(EventKinds.SNAP_FD.isSnapshot()).isTrue();
        assertThat(EventKinds.SNAP_FD.isCall()).isFalse();
        assertThat(EventKinds.of("switch").isCall()).isFalse();
        assertThat(EventKinds.of("useradded").isCall()).isFalse();
        assertThat(EventKinds.OPENAT.isSnapshot()).isFalse();
    }

    @Test
    void argumentRolesArePositional() {
        assertThat(EventKinds.OPENAT.argIndex(EventKind.Arg.FLAGS)).isEqualTo(2);
        assertThat(EventKinds.OPEN.argIndex(EventKind.Arg.FLAGS)).isEqualTo(1);
        assertThat(EventKinds.ACCEPT.argIndex(EventKind.Arg.FLAGS)).isEqualTo(-1);
        assertThat(EventKinds.of("stat").hasArgs()).isFalse();
    }
}
