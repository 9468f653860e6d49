# Special fds, dup family, fcntl, close_range, chdir and ids: recorded into ../fds.txt (see ../README.md).
import ctypes, os, select, signal

libc = ctypes.CDLL(None, use_errno=True)
SYS_OPEN, SYS_CREAT, SYS_OPENAT2, SYS_CLOSE_RANGE = 2, 85, 437, 436
SYS_PIPE, SYS_EVENTFD, SYS_EPOLL_CREATE, SYS_INOTIFY_INIT, SYS_SIGNALFD = 22, 284, 213, 253, 282

fd = libc.syscall(SYS_OPEN, b"/etc/hostname", os.O_RDONLY)
os.close(fd)
fd = libc.syscall(SYS_CREAT, b"/tmp/sysql-strace-creat", 0o640)
os.close(fd)
os.unlink("/tmp/sysql-strace-creat")

class OpenHow(ctypes.Structure):
    _fields_ = [("flags", ctypes.c_uint64), ("mode", ctypes.c_uint64), ("resolve", ctypes.c_uint64)]
how = OpenHow(os.O_RDONLY | os.O_CLOEXEC, 0, 0)
fd = libc.syscall(SYS_OPENAT2, -100, b"/etc/passwd", ctypes.byref(how), ctypes.sizeof(how))
os.close(fd)

efd = os.eventfd(0)
ep = select.epoll()
ep.register(efd, select.EPOLLIN)
mask = (ctypes.c_ulong * 16)()
mask[0] = 1 << (signal.SIGUSR1 - 1)
sfd = libc.signalfd(-1, mask, 0)
tfd = libc.timerfd_create(1, 0)
ifd = libc.inotify_init1(0)
mfd = os.memfd_create("sysql-mem")
pfd = os.pidfd_open(os.getpid())
for f in (efd, sfd, tfd, ifd, mfd, pfd):
    os.close(f)
ep.close()

fds = (ctypes.c_int * 2)()
libc.syscall(SYS_PIPE, fds)
old = [libc.syscall(SYS_EVENTFD, 0), libc.syscall(SYS_EPOLL_CREATE, 1), libc.syscall(SYS_INOTIFY_INIT),
       libc.syscall(SYS_SIGNALFD, -1, mask, 8)]
for f in list(fds) + old:
    os.close(f)

fd = os.open("/etc/hostname", os.O_RDONLY)
d1 = libc.dup(fd)
os.dup2(fd, 20)
os.dup2(fd, 21, inheritable=False)
import fcntl
d2 = fcntl.fcntl(fd, fcntl.F_DUPFD, 30)
d3 = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 40)
fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
os.close(d1)
libc.syscall(SYS_CLOSE_RANGE, 20, 41, 0)
os.close(fd)
try:
    os.close(99)
except OSError:
    pass

os.chdir("/etc")
dfd = os.open("/usr", os.O_RDONLY | os.O_DIRECTORY)
os.fchdir(dfd)
os.close(dfd)
os.setresgid(-1, 4, -1)
os.setgid(0)
os.setregid(-1, 5)
os.setregid(0, 0)
os.setresuid(0, 1, 0)
os.setreuid(-1, 0)
os.setuid(0)
