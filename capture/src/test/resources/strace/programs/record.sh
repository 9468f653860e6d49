#!/bin/sh
# Re-records the strace samples next to this directory with the flags StraceRecorder uses.
# Run as root from anywhere; needs strace and /usr/bin/python3. The hand-made samples
# (interleaved.txt) are not produced here.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=$here/..
trace() { name=$1; shift; strace -f -ttt -T -yy -s 80 --strings-in-hex=non-ascii-chars --pidns-translation -o "$out/$name.txt" "$@" || true; }

trace cat cat /etc/hostname
trace ls ls -l /etc/hostname
trace sh sh -c 'echo hi | cat; cd /tmp; exit 3'
trace net /usr/bin/python3 "$here/net.py"
trace fds /usr/bin/python3 "$here/fds.py"
trace threads /usr/bin/python3 "$here/threads.py"
trace iov /usr/bin/python3 "$here/iov.py"
# a pid namespace: sh is pid 1 in it, and its clone returns sleep's pid there (2)
trace pidns unshare --pid --fork --mount-proc sh -c 'sleep 0.1 & wait'

# The same odd file name and bytes once with strace's default (octal) escapes.
dir=/tmp/sysql-strace-weird
mkdir -p "$dir"
printf 'a\tb\n\001\377"\\<>\303\251' > "$dir/f<x>\"1"
strace -f -ttt -T -yy -s 80 -o "$out/octal.txt" cat "$dir/f<x>\"1" > /dev/null
strace -f -ttt -T -yy -s 80 --strings-in-hex=non-ascii-chars -o "$out/hex.txt" cat "$dir/f<x>\"1" > /dev/null
rm -rf "$dir"
