#!/usr/bin/env bash
# Overhead of `sysql record --system` (root): each figure is a ratio against a baseline run in the same
# invocation. Usage: bench/live-bench.sh [LOOP_ITERATIONS]   (benchmarks are run by hand, not in CI)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sysql="$here/../sysql"
n="${1:-2000000}"
work="$(mktemp -d /tmp/sysql-bench.XXXXXX)"
trap 'kill "${rec:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
gcc -O2 -o "$work/openclose" "$here/openclose.c"
"$sysql" --version >/dev/null   # builds the launcher's classes first if needed

start_capture() {
  "$sysql" record --system -o "$work/cap" --force >"$work/record.log" 2>&1 &
  rec=$!
  until grep -qs '^state=recording' "$work/cap/capture.properties" 2>/dev/null && \
        [ "$(ls "$work/cap/journal" 2>/dev/null | wc -l)" -gt 0 ]; do sleep 0.2; done
  sleep 2   # the snapshot is written and held events flushed
}
stop_capture() {
  kill -TERM "$rec"; wait "$rec" || true; rec=   # SIGINT is ignored by background jobs of a script
  cat "$work/record.log"
  grep -E '^(events|count\.drops)=' "$work/cap/capture.properties"
}

echo "== open+close loop, $n iterations, pinned to CPU 0"
base=$(taskset -c 0 "$work/openclose" "$n" /etc/hostname)
start_capture
t0=$(date +%s.%N)
traced=$(taskset -c 0 "$work/openclose" "$n" /etc/hostname)
t1=$(date +%s.%N)
stop_capture
echo "baseline ${base}s, under capture ${traced}s, ratio $(echo "scale=2; $traced / $base" | bc)"
echo "consumer: $(echo "scale=0; 2 * $n / $traced" | bc) events/s offered by the loop (2 per iteration)"

if command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null; then
  echo "== redis-benchmark -q -n 100000 -t get,set on 127.0.0.1"
  redis-server --port 6399 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
  sleep 0.5
  redis-benchmark -p 6399 -q -n 100000 -t get,set >/dev/null   # warm-up
  echo "baseline:";      redis-benchmark -p 6399 -q -n 100000 -t get,set
  start_capture
  echo "under capture:"; redis-benchmark -p 6399 -q -n 100000 -t get,set
  stop_capture
  redis-cli -p 6399 shutdown nosave >/dev/null 2>&1 || true
fi
