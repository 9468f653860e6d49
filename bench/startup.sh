#!/usr/bin/env bash
# One-shot commands' wall time on a small capture, before and after the command server, in one run.
#
# Imports samples/scap/curl_google.scap (1,428 events), then runs each command RUNS times, alternating:
#   - in its own JVM (SYSQL_SERVER=off: what every command paid before the server; JDK 17 and the
#     launcher's class-data-sharing archive);
#   - through ./sysql as a user does: a client JVM relays it to the command server. Its first run starts
#     the server (a fresh one: this script's own runtime directory), the others find it up.
# and prints the median, min and max wall time of each, and the first served run on its own. The floor:
# `java -version` and the client JVM alone (no server to talk to: it exits at once).
#
# Usage: bench/startup.sh [RUNS=10]   (WORK=/tmp/sysql-startup-bench)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-10}"
work="${WORK:-/tmp/sysql-startup-bench}"
sysql="$root/sysql"
rm -rf "$work"
mkdir -p "$work"
export XDG_RUNTIME_DIR="$work/run" # the launcher's server for this run only, stopped at the end
mkdir -m 700 "$XDG_RUNTIME_DIR"

"$sysql" --version >/dev/null # builds and trains the class-data-sharing archive if needed, untimed
SYSQL_SERVER=off "$sysql" import "$root/samples/scap/curl_google.scap" -o "$work/cap" 2>/dev/null

# The server of this run: its socket is in this run's own directory.
stop_server() {
  local pid
  for pid in $(pgrep -f "io.sysql.cli.CommandServer $XDG_RUNTIME_DIR/" || true); do
    kill "$pid" 2>/dev/null || true
  done
}
trap stop_server EXIT

# Wall seconds of one run of "$@" (output dropped; a failure stops the benchmark).
wall() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>"$work/err" || { echo "startup: failed: $* ($(cat "$work/err"))" >&2; exit 1; }
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}

# median min max of the numbers on stdin
stats() {
  sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "median %.3f s  (min %.3f, max %.3f)", m, v[1], v[NR] }'
}

floor() {
  local name="$1"
  shift
  local times=()
  for _ in $(seq "$runs"); do times+=("$(wall "$@")"); done
  printf '%-40s %s\n' "$name" "$(printf '%s\n' "${times[@]}" | stats)"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(java -version 2>&1 | head -1)"
floor "java -version" java -version
jar="$(cat "$root/cli/target/launcher/jar")"
floor "client JVM alone (no server)" bash -c \
    "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp '$jar' io.sysql.cli.CommandClient '$work/none' - x; [ \$? = 75 ]"

compare() {
  local name="$1"
  shift
  local before=() after=() first
  stop_server
  first="$(wall "$sysql" "$@")"
  for _ in $(seq "$runs"); do
    before+=("$(SYSQL_SERVER=off wall "$sysql" "$@")")
    after+=("$(wall "$sysql" "$@")")
  done
  printf '%-40s own JVM: %s\n' "$name" "$(printf '%s\n' "${before[@]}" | stats)"
  printf '%-40s served:  %s; first (starts the server) %.3f s\n' "" "$(printf '%s\n' "${after[@]}" | stats)" "$first"
}

compare "query DIR 'SELECT count(*) FROM events'" query "$work/cap" "SELECT count(*) FROM events"
compare "lsof DIR" lsof "$work/cap"
compare "ps DIR" ps "$work/cap"
compare "netstat DIR" netstat "$work/cap"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
