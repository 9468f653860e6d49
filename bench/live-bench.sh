#!/usr/bin/env bash
# Overhead of `sysql record --system` (root): each figure is against a baseline run in the same
# invocation. The machine may be shared, so loops report CPU seconds next to wall seconds.
#
#   bench/live-bench.sh [LOOP_ITERATIONS] [BADCLOSE_CALLS]     (run by hand, not in CI)
#   SYSQL=/other/checkout/sysql bench/live-bench.sh ...          (the same figures for another build)
#
# 1. open+close loop pinned to CPU 1: slowdown under capture (kernel-side cost in the loop's CPU time).
# 2. consumer ceiling: close(-1) as fast as one core (CPU 1) can, while the recorder consumes on the
#    other: offered and consumed events/s, drops, and the consumer thread's CPU seconds.
# 3. redis-benchmark against redis-server on 127.0.0.1: throughput with and without capture, with the
#    recorder's CPU and the BPF programs' own run time (kernel.bpf_stats_enabled) to split the loss.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sysql="${SYSQL:-$here/../sysql}"
n="${1:-1000000}"
calls="${2:-10000000}"
work="$(mktemp -d /tmp/sysql-bench.XXXXXX)"
trap 'kill "${rec:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
gcc -O2 -o "$work/openclose" "$here/openclose.c"
gcc -O2 -o "$work/badclose" "$here/badclose.c"
"$sysql" --version >/dev/null   # builds the launcher's classes first if needed
hz=$(getconf CLK_TCK)

consumer_ticks() {   # CPU ticks of the recorder's consumer thread
  for t in /proc/"$rec"/task/*; do
    [ "$(cat "$t/comm" 2>/dev/null)" = "sysql-ebpf-cons" ] && awk '{print $14 + $15}' "$t/stat" && return
  done
  echo 0
}
recorder_ticks() { awk '{print $14 + $15}' /proc/"$rec"/stat; }

# Runs a command under `record --system` once the recording is live (after a warm-up loop that
# compiles the consumer's hot path), and the timed part between the marker files go and done.
# Leaves per-phase figures in $work/{ticks,rticks}.
record_around() {
  rm -f "$work/go" "$work/done"
  "$sysql" record --system -o "$work/cap" --force -- sh -c \
    "'$work/badclose' 2000000 >/dev/null; sleep 2; touch '$work/go'; $1; touch '$work/done'; sleep 1" \
    >"$work/record.log" 2>&1 &
  rec=$!
  until [ -e "$work/go" ]; do sleep 0.05; done
  local c0 r0; c0=$(consumer_ticks); r0=$(recorder_ticks)
  until [ -e "$work/done" ]; do sleep 0.05; done
  echo "$(( $(consumer_ticks) - c0 ))" >"$work/ticks"
  echo "$(( $(recorder_ticks) - r0 ))" >"$work/rticks"
  wait "$rec" || true; rec=
  grep -E '^(events|count\.drops)=' "$work/cap/capture.properties" | tr '\n' ' '; echo
}
secs() { echo "scale=2; $1 / $hz" | bc; }

echo "== 1. open+close loop, $n iterations, pinned to CPU 1 (wall s, CPU s)"
base=$(taskset -c 1 "$work/openclose" "$n" /etc/hostname)
record_around "taskset -c 1 '$work/openclose' $n /etc/hostname >'$work/out'"
traced=$(cat "$work/out")
echo "baseline $base, under capture $traced"
echo "ratio wall $(echo "scale=2; ${traced% *} / ${base% *}" | bc), CPU $(echo "scale=2; ${traced#* } / ${base#* }" | bc)"

echo "== 2. consumer ceiling: $calls close(-1) calls pinned to CPU 1"
base=$(taskset -c 1 "$work/badclose" "$calls")
record_around "taskset -c 1 '$work/badclose' $calls >'$work/out'"
traced=$(cat "$work/out")
echo "baseline $base, under capture $traced"
echo "offered $(echo "$calls / ${traced% *}" | bc) events/s (wall); consumer thread $(secs "$(cat "$work/ticks")") CPU s" \
     "($(echo "scale=3; $(cat "$work/ticks") / $hz * 1000000000 / $calls" | bc) ns/event), whole recorder $(secs "$(cat "$work/rticks")") CPU s"

if command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null; then
  bench="redis-benchmark -p 6399 -q -n 100000 -t get,set"
  echo "== 3. $bench, redis-server on 127.0.0.1"
  redis-server --port 6399 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
  sleep 0.5
  $bench >/dev/null   # warm-up
  echo "baseline:"; $bench
  cat >"$work/bpf-ns" <<'PY'
#!/usr/bin/python3
# total run time of sysql's BPF programs, in ns (counted while kernel.bpf_stats_enabled=1)
import json, subprocess
progs = json.loads(subprocess.run(["bpftool", "-j", "prog", "show"], capture_output=True).stdout)
print(sum(p.get("run_time_ns", 0) for p in progs if p.get("name", "").startswith("sysql")))
PY
  chmod +x "$work/bpf-ns"
  stats="'$work/bpf-ns'"
  record_around "sysctl -q -w kernel.bpf_stats_enabled=1; $stats >'$work/bpf0'; $bench >'$work/out' 2>&1; $stats >'$work/bpf1'; sysctl -q -w kernel.bpf_stats_enabled=0"
  echo "under capture:"; cat "$work/out"
  echo "consumer thread $(secs "$(cat "$work/ticks")") CPU s, whole recorder $(secs "$(cat "$work/rticks")") CPU s," \
       "BPF programs $(echo "scale=2; ($(cat "$work/bpf1") - $(cat "$work/bpf0")) / 1000000000" | bc) s (kernel.bpf_stats_enabled)"
  redis-cli -p 6399 shutdown nosave >/dev/null 2>&1 || true
fi
