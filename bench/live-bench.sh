#!/usr/bin/env bash
# Overhead of `sysql record --system` (root): each figure is against a baseline run in the same
# invocation. The machine may be shared, so loops report CPU seconds next to wall seconds.
#
#   bench/live-bench.sh [LOOP_ITERATIONS] [BADCLOSE_CALLS] [BADCLOSE_RATE] [REDIS_ROUNDS]   (by hand, not in CI)
#   SYSQL=/other/checkout/sysql bench/live-bench.sh ...          (the same figures for another build)
#   ONLY=loop|consumer|redis|probe|split bench/live-bench.sh ... (one part only; split runs only if named)
#   RECORD_OPTS="--snaplen 1" bench/live-bench.sh ...            (options for every `record --system`)
#
# 1. open+close loop pinned to CPU 1, the recorder to CPU 0: slowdown under capture (the kernel-side
#    cost is in the loop's CPU time).
# 2. consumer ceiling: close(-1) on CPU 1, paced at BADCLOSE_RATE and then as fast as it can, while the
#    recorder consumes on CPU 0: offered events/s, drops, and the consumer thread's CPU seconds.
# 3. redis-benchmark against redis-server on 127.0.0.1: throughput with and without capture, alternating
#    REDIS_ROUNDS times (redis' own throughput drifts between runs), with the recorder's CPU and the BPF
#    programs' own run time (kernel.bpf_stats_enabled) to split the loss; the median loss at the end.
# 4. the probe's own cost per data call (kernel.bpf_stats_enabled): the sys_exit program's run time per
#    run while a loop makes 1M write(2) calls to /dev/null, then 1M send(2) calls on a connected UDP socket
#    (the socket's endpoints looked up), 64 bytes each.
# 5. (ONLY=split) where redis' loss goes, REDIS_ROUNDS alternating rounds of: baseline; the shipped BPF
#    object loaded without sysql (bench/ring-reader.c) and its ring left unread; the same with a C loop
#    draining the ring every 10 ms and doing nothing with the records; `record --system`. Means of SET and
#    GET over the rounds (single rounds swing by a third on this VM).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sysql="${SYSQL:-$here/../sysql}"
n="${1:-1000000}"
calls="${2:-10000000}"
rate="${3:-1000000}"
rounds="${4:-3}"
work="$(mktemp -d /tmp/sysql-bench.XXXXXX)"
trap 'kill ${rec:-} ${server:-} ${reader:-} 2>/dev/null || true; rm -rf "$work"' EXIT
gcc -O2 -o "$work/openclose" "$here/openclose.c"
gcc -O2 -o "$work/badclose" "$here/badclose.c"
gcc -O2 -o "$work/dataloop" "$here/dataloop.c"
"$sysql" --version >/dev/null   # builds the launcher's classes first if needed
hz=$(getconf CLK_TCK)

consumer_ticks() {   # CPU ticks of the recorder's consumer thread
  for t in /proc/"$rec"/task/*; do
    [ "$(cat "$t/comm" 2>/dev/null)" = "sysql-ebpf-cons" ] && awk '{print $14 + $15}' "$t/stat" && return
  done
  echo 0
}
recorder_ticks() { awk '{print $14 + $15}' /proc/"$rec"/stat; }

# Runs a command under `record --system` (on the CPUs $2, default all) once the recording is live and a
# warm-up loop (paced, so that the cold consumer keeps up) and the warm-up command $3, if any, have
# compiled the recorder's hot paths (as in a recorder that has been running a while); the timed part is
# between the marker files go and done. Leaves the consumer's and the whole recorder's CPU ticks of that
# part in $work/{ticks,rticks}.
record_around() {
  rm -f "$work/go" "$work/done"
  taskset -c "${2:-0-$(($(nproc) - 1))}" "$sysql" record --system ${RECORD_OPTS:-} -o "$work/cap" --force -- sh -c \
    "'$work/badclose' 300000 200000 >/dev/null; ${3:-true}; sleep 2; touch '$work/go'; $1; touch '$work/done'; sleep 1" \
    >"$work/record.log" 2>&1 &
  rec=$!
  until [ -e "$work/go" ]; do
    kill -0 "$rec" 2>/dev/null || { echo "live-bench: the recorder ended before the run:" >&2; cat "$work/record.log" >&2; exit 1; }
    sleep 0.05
  done
  local c0 r0; c0=$(consumer_ticks); r0=$(recorder_ticks)
  until [ -e "$work/done" ]; do sleep 0.05; done
  echo "$(( $(consumer_ticks) - c0 ))" >"$work/ticks"
  echo "$(( $(recorder_ticks) - r0 ))" >"$work/rticks"
  wait "$rec" || true; rec=
  grep -E '^(events|count\.drops)=' "$work/cap/capture.properties" | tr '\n' ' '; echo
}
secs() { echo "scale=2; $1 / $hz" | bc; }

want() { [ "${ONLY:-$1}" = "$1" ] && { [ "$1" != split ] || [ -n "${ONLY:-}" ]; }; }

bench="redis-benchmark -p 6399 -q -n 100000 -t get,set"
have_redis() { command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null; }
start_redis() {
  # not daemonized: it stays in this session (and its scheduling group) like the recorder
  redis-server --port 6399 --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
  server=$!
  sleep 0.5
  $bench >/dev/null   # warm-up
}
stop_redis() {
  redis-cli -p 6399 shutdown nosave >/dev/null 2>&1 || true
  server=
}
per_second() { tr '\r' '\n' <"$1" | awk '/requests per second/ { printf "%s ", $2 }'; }

if want loop; then
echo "== 1. open+close loop, $n iterations, pinned to CPU 1 (wall s, CPU s)"
base=$(taskset -c 1 "$work/openclose" "$n" /etc/hostname)
record_around "taskset -c 1 '$work/openclose' $n /etc/hostname >'$work/out'" 0
traced=$(cat "$work/out")
echo "baseline $base, under capture $traced"
echo "ratio wall $(echo "scale=2; ${traced% *} / ${base% *}" | bc), CPU $(echo "scale=2; ${traced#* } / ${base#* }" | bc)"
fi

want consumer && for rate in "$rate" 0; do
  echo "== 2. consumer ceiling: $calls close(-1) calls on CPU 1, $([ "$rate" = 0 ] && echo "as fast as it can" || echo "paced at $rate/s")"
  base=$(taskset -c 1 "$work/badclose" "$calls" "$rate")
  record_around "taskset -c 1 '$work/badclose' $calls $rate >'$work/out'" 0
  traced=$(cat "$work/out")
  echo "baseline $base, under capture $traced"
  echo "offered $(echo "$calls / ${traced% *}" | bc) events/s (wall); consumer thread $(secs "$(cat "$work/ticks")") CPU s" \
       "($(echo "scale=0; $(cat "$work/ticks") * 1000000000 / $hz / $calls" | bc) ns/event), whole recorder $(secs "$(cat "$work/rticks")") CPU s"
done

if want redis && have_redis; then
  echo "== 3. $bench, redis-server on 127.0.0.1: $rounds rounds of (baseline, under capture)"
  start_redis
  cat >"$work/bpf-ns" <<'PY'
#!/usr/bin/python3
# total run time of sysql's BPF programs, in ns (counted while kernel.bpf_stats_enabled=1)
import json, subprocess
progs = json.loads(subprocess.run(["bpftool", "-j", "prog", "show"], capture_output=True).stdout)
print(sum(p.get("run_time_ns", 0) for p in progs if p.get("name", "").startswith("sysql")))
PY
  chmod +x "$work/bpf-ns"
  stats="'$work/bpf-ns'"
  : >"$work/losses"
  for round in $(seq "$rounds"); do
    $bench >"$work/base" 2>&1
    record_around "$bench >'$work/out' 2>&1" "0-$(($(nproc) - 1))" "$bench >/dev/null; $bench >/dev/null"   # a recorder that has run a while: JIT done
    read -r base_set base_get <<<"$(per_second "$work/base")"
    read -r cap_set cap_get <<<"$(per_second "$work/out")"
    loss_set=$(echo "scale=1; 100 * ($base_set - $cap_set) / $base_set" | bc)
    loss_get=$(echo "scale=1; 100 * ($base_get - $cap_get) / $base_get" | bc)
    echo "$loss_set" >>"$work/losses"; echo "$loss_get" >>"$work/losses"
    echo "round $round: SET $base_set -> $cap_set (loss $loss_set %), GET $base_get -> $cap_get (loss $loss_get %);" \
         "consumer thread $(secs "$(cat "$work/ticks")") CPU s, whole recorder $(secs "$(cat "$work/rticks")") CPU s"
  done
  echo "median loss over $rounds rounds (SET and GET together): $(sort -n "$work/losses" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }') %"
  # the split, in a run of its own: counting the BPF programs' run time costs time too
  record_around "sysctl -q -w kernel.bpf_stats_enabled=1; $stats >'$work/bpf0'; $bench >/dev/null 2>&1; $stats >'$work/bpf1'; sysctl -q -w kernel.bpf_stats_enabled=0" \
    "0-$(($(nproc) - 1))" "$bench >/dev/null; $bench >/dev/null"
  echo "split of one more run under capture: BPF programs $(echo "scale=2; ($(cat "$work/bpf1") - $(cat "$work/bpf0")) / 1000000000" | bc) s," \
       "consumer thread $(secs "$(cat "$work/ticks")") CPU s, whole recorder $(secs "$(cat "$work/rticks")") CPU s"
  stop_redis
fi

if want probe; then
  echo "== 4. BPF sys_exit program per data call (64 bytes), 1M calls each, counted under kernel.bpf_stats_enabled"
  cat >"$work/exit-stats" <<'PY'
#!/usr/bin/python3
# run time (ns) and run count of sysql's sys_exit program
import json, subprocess
progs = json.loads(subprocess.run(["bpftool", "-j", "prog", "show"], capture_output=True).stdout)
print(*next((p.get("run_time_ns", 0), p.get("run_cnt", 0)) for p in progs if p.get("name") == "sysql_sys_exit"))
PY
  chmod +x "$work/exit-stats"
  for mode in write send; do
    record_around "sysctl -q -w kernel.bpf_stats_enabled=1; '$work/exit-stats' >'$work/s0'; '$work/dataloop' 1000000 $mode >/dev/null; '$work/exit-stats' >'$work/s1'; sysctl -q -w kernel.bpf_stats_enabled=0" \
      "0-$(($(nproc) - 1))" "'$work/dataloop' 200000 $mode >/dev/null"
    read -r t0 c0 <"$work/s0"; read -r t1 c1 <"$work/s1"
    echo "$mode: $(( (t1 - t0) / (c1 - c0) )) ns per program run over $((c1 - c0)) runs"
  done
fi

if want split && have_redis; then
  echo "== 5. where redis' loss goes: $rounds rounds of (baseline, probe with its ring unread, probe with a" \
       "C reader that drains the ring and ignores the records, record --system)"
  gcc -O2 -o "$work/ring-reader" "$here/ring-reader.c" -lbpf
  java -cp "$here/../capture/target/classes" "$here/KernelReads.java" >"$work/actions"
  object="$here/../capture/src/main/resources/io/sysql/capture/ebpf/sysql.bpf.o"
  under_reader() {   # ring MiB, mode: runs $bench with the probe loaded by ring-reader, output in $work/out
    "$work/ring-reader" "$object" "$1" "$2" "$work/actions" >"$work/reader.out" 2>&1 &
    reader=$!
    until grep -q attached "$work/reader.out"; do
      kill -0 "$reader" 2>/dev/null || { echo "live-bench: ring-reader failed:" >&2; cat "$work/reader.out" >&2; exit 1; }
      sleep 0.1
    done
    $bench >"$work/out" 2>&1
    kill "$reader"; wait "$reader" 2>/dev/null || true; reader=
  }
  start_redis
  : >"$work/split"
  for round in $(seq "$rounds"); do
    $bench >"$work/out" 2>&1; echo "baseline $(per_second "$work/out")" >>"$work/split"
    under_reader 1024 unread; echo "probe,unread $(per_second "$work/out")" >>"$work/split"
    under_reader 64 drain; echo "probe+C-reader $(per_second "$work/out")" >>"$work/split"
    record_around "$bench >'$work/out' 2>&1" "0-$(($(nproc) - 1))" "$bench >/dev/null; $bench >/dev/null"
    rm -rf "$work/cap"; sync   # its journal's write-back would slow the next run
    echo "record--system $(per_second "$work/out")" >>"$work/split"
    tail -n 4 "$work/split" | tr '\n' ' '; echo
  done
  stop_redis
  awk '{ sum[$1] += $2 + $3; n[$1] += 2 } END {
         base = sum["baseline"] / n["baseline"]
         for (v in sum) printf "%-16s mean %7.0f requests/s, loss %5.1f %%\n", v, sum[v] / n[v], 100 * (1 - sum[v] / n[v] / base)
       }' "$work/split" | sort -k5 -n
fi
