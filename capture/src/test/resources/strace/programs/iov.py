# Scatter/gather data calls: recorded into ../iov.txt (see ../README.md).
import os, socket

r, w = os.pipe()
os.writev(w, [b"scatter ", b"gather\n"])
a, b = bytearray(8), bytearray(20)
os.readv(r, [a, b])
os.pwrite(os.open("/dev/null", os.O_WRONLY), b"at an offset", 5)

left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
left.sendmsg([b"first ", b"second"])
right.recvmsg(100)
