#!/usr/bin/env bash
# What the eBPF probe costs each system call (root), in CPU time of the calling loop (the programs run in
# the caller's context, so their time is the loop's; CPU time, not wall time, because the machine is shared):
#
#   bench/probe-cost.sh [CALLS] [ROUNDS] [BASE_REVISION]
#
# A loop of CALLS calls (bench/dataloop.c: getppid, which sysql does not record; write of 64 bytes to
# /dev/null; send of 64 bytes on a connected UDP socket) pinned to CPU 1, under each variant, the variants
# alternated ROUNDS times; prints the median ns per call of each. Variants: nothing attached; the floor
# (programs that return at once, on sys_exit alone and on sys_enter + sys_exit: what merely hooking the
# tracepoints costs every call of every process); the shipped object of BASE_REVISION (default main) and
# the shipped object of the working tree, each loaded by bench/ring-reader.c with its ring unread and the
# working tree's table of recorded calls (bench/KernelReads.java; needs capture/target/classes: mvn compile).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
calls="${1:-1000000}"
rounds="${2:-5}"
base="${3:-main}"
object=capture/src/main/resources/io/sysql/capture/ebpf/sysql.bpf.o
work="$(mktemp -d /tmp/sysql-probe-cost.XXXXXX)"
trap 'kill ${reader:-} 2>/dev/null || true; rm -rf "$work"' EXIT
gcc -O2 -o "$work/dataloop" "$here/dataloop.c"
gcc -O2 -o "$work/ring-reader" "$here/ring-reader.c" -lbpf
git -C "$here/.." show "$base:$object" >"$work/base.o"
cp "$here/../$object" "$work/tree.o"
java -cp "$here/../capture/target/classes" "$here/KernelReads.java" >"$work/actions"
floor() {   # an object whose programs return at once, on the tracepoints named
  { echo '#include <linux/bpf.h>'; echo '#include <bpf/bpf_helpers.h>'; echo 'char LICENSE[] SEC("license") = "GPL";'
    for tp in "$@"; do echo "SEC(\"tp_btf/$tp\") int on_$tp(void *ctx) { return 0; }"; done; } >"$work/floor.c"
  clang -O2 -target bpf -I/usr/include/x86_64-linux-gnu -c "$work/floor.c" -o "$work/floor-$1-$#.o"
}
floor sys_exit
floor sys_enter sys_exit
variants="none floor-sys_exit-1.o floor-sys_enter-2.o base.o tree.o"

run() {   # variant mode: ns per call of one loop
  if [ "$1" != none ]; then
    "$work/ring-reader" "$work/$1" 1024 unread "$work/actions" >"$work/reader.out" 2>&1 &
    reader=$!
    until grep -q attached "$work/reader.out"; do
      kill -0 "$reader" 2>/dev/null || { cat "$work/reader.out" >&2; exit 1; }
      sleep 0.05
    done
  fi
  taskset -c 1 "$work/dataloop" "$calls" "$2" | awk -v n="$calls" '{ printf "%d\n", $2 * 1e9 / n }'
  if [ "$1" != none ]; then
    kill "$reader"; wait "$reader" 2>/dev/null || true; reader=
  fi
}

for mode in getppid write send; do
  for ((r = 0; r < rounds; r++)); do
    for v in $variants; do
      echo "$v $(run "$v" "$mode")" >>"$work/$mode"
    done
  done
done
printf '%-22s %10s %10s %10s   (median ns per call over %d rounds of %d calls)\n' variant getppid write send "$rounds" "$calls"
for v in $variants; do
  printf '%-22s' "$v"
  for mode in getppid write send; do
    printf ' %10s' "$(awk -v v="$v" '$1 == v { print $2 }' "$work/$mode" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  done
  echo
done
