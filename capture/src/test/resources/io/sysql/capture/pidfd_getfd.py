# A child holds /etc/hostname at fd 50; its parent copies that fd with pidfd_getfd (x86_64 number 438),
# reads through the copy and prints: child pid, pidfd, the copy, bytes read.
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
ready_r, ready_w = os.pipe()
done_r, done_w = os.pipe()
pid = os.fork()
if pid == 0:
    os.dup2(os.open('/etc/hostname', os.O_RDONLY), 50)
    os.write(ready_w, b'x')
    os.read(done_r, 1)
    os._exit(0)
os.read(ready_r, 1)
pidfd = os.pidfd_open(pid)
copy = libc.syscall(438, pidfd, 50, 0)
print(pid, pidfd, copy, len(os.read(copy, 100)), flush=True)
os.write(done_w, b'x')
os.waitpid(pid, 0)
