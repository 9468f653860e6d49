# Sockets and pipes: recorded into ../net.txt (see ../README.md).
import os, socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(5)
port = server.getsockname()[1]

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(("127.0.0.1", port))
conn, _ = server.accept()
client.sendall(b"GET / HTTP/1.0\r\n\r\n")
conn.recv(100)
conn.send(b"HTTP/1.0 200 OK\r\n\x00\xff")
client.recv(100)
client.shutdown(socket.SHUT_WR)
conn.close()
client.close()
server.close()

v6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
v6.bind(("::1", 0))
v6.listen(1)
c6 = socket.create_connection(("::1", v6.getsockname()[1]))
a6, _ = v6.accept()
for s in (a6, c6, v6):
    s.close()

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
udp.sendto(b"ping", udp.getsockname())
udp.recvfrom(10)
udp.close()

a, b = socket.socketpair()
a.send(b"x")
b.recv(1)
path = "/tmp/sysql-strace-sample.sock"
if os.path.exists(path):
    os.unlink(path)
us = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
us.bind(path)
us.listen(1)
uc = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
uc.connect(path)
ua, _ = us.accept()
ua.send(b"hi")
uc.recv(2)
for s in (a, b, us, uc, ua):
    s.close()
os.unlink(path)

r, w = os.pipe()
os.write(w, b"through the pipe\n")
os.read(r, 100)
os.close(r)
os.close(w)

nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
nl.bind((0, 0))
nl.close()
try:
    socket.create_connection(("127.0.0.1", 1))
except OSError:
    pass
