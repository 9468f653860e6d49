# Threads, fork, exec and deaths: recorded into ../threads.txt (see ../README.md).
import os, signal, subprocess, threading, time

def worker(n):
    with open("/dev/null", "w") as f:
        f.write("thread %d\n" % n)
    time.sleep(0.01)

threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()

pid = os.fork()
if pid == 0:
    os._exit(7)
os.waitpid(pid, 0)

pid = os.fork()
if pid == 0:
    time.sleep(5)
    os._exit(0)
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)

subprocess.run(["/bin/echo", "from", "child"])
try:
    os.execv("/nonexistent/prog", ["prog"])
except OSError:
    pass
os._exit(3)
