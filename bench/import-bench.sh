#!/usr/bin/env bash
# `sysql import` against libsinsp (sysdig) on the same large .scap file, in one run.
#
# Builds the file BENCHMARKS.md describes (curl_google.scap's header and lists, then its event blocks
# repeated REPEATS times, plain), then times, best of RUNS each:
#   - sysdig -r FILE with a filter that matches nothing: libsinsp reads and parses every event (the thread
#     table the filter needs is built from them) but prints nothing;
#   - the scap reader alone (events decoded, counted and dropped; run 1 is cold, as in a fresh import);
#   - ./sysql import FILE -o DIR, the whole command (fresh JVM, journal and history index included).
# and prints events/s of each and the ratio. Needs sysdig (Debian: apt-get install -y sysdig).
#
# Usage: bench/import-bench.sh [REPEATS=24000] [RUNS=3]   (WORK=/tmp/sysql-import-bench, SAMPLES=...)
# The default builds a 2.2 GB file (needs that much free space in WORK), on which libsinsp runs at the
# ~4.6 M events/s issue 7 quotes; a smaller file mostly measures the JVM's start (~2 s of JIT warm-up).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
repeats="${1:-24000}"
runs="${2:-3}"
work="${WORK:-/tmp/sysql-import-bench}"
samples="${SAMPLES:-$root/samples/scap}"
big="$work/big-$repeats.scap"
mkdir -p "$work"

command -v sysdig >/dev/null || { echo "import-bench: needs sysdig (apt-get install -y sysdig)" >&2; exit 1; }

# Prints the number of event blocks; writes the file first if it is missing.
blocks="$(python3 - "$samples/curl_google.scap" "$big" "$repeats" <<'PY'
import gzip, os, struct, sys
src, out, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
EVENTS = {0x204, 0x208, 0x216, 0x217, 0x221, 0x222}
data = gzip.open(src).read()
pos = 0
while struct.unpack_from('<I', data, pos)[0] not in EVENTS:
    pos += struct.unpack_from('<I', data, pos + 4)[0]
per_copy, p = 0, pos
while p < len(data):
    per_copy += struct.unpack_from('<I', data, p)[0] in EVENTS
    p += struct.unpack_from('<I', data, p + 4)[0]
if not os.path.exists(out):
    with open(out + '.tmp', 'wb') as f:
        f.write(data[:pos])
        for _ in range(repeats):
            f.write(data[pos:])
    os.rename(out + '.tmp', out)
print(per_copy * repeats)
PY
)"
echo "file: $big, $(du -m "$big" | cut -f1) MB, $blocks event blocks (enter and exit apart)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(sysdig --version); $(java -version 2>&1 | head -1)"

# best wall time of RUNS; prints "wall user+sys" seconds
best_of() {
  local best="" line
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time" -f "%e %U %S" "$@" >/dev/null 2>&1
    line="$(tail -1 "$work/time")"
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$line"
    fi
  done
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' <<<"$best"
}

# libsinsp: the last event's number shows every copy was read (its numbering leaves out ~105 of the
# sample's blocks, once per file, not per copy).
last_num="$(sysdig -r "$big" -p '*%evt.num' "evt.num > $((blocks - 400))" | tail -1)"
read -r sd_wall sd_cpu <<<"$(best_of sysdig -r "$big" "proc.name=no_such_process_in_this_capture")"
echo "sysdig -r FILE 'proc.name=no_such_process_in_this_capture': best ${sd_wall} s (${sd_cpu} s CPU);" \
  "last evt.num $last_num"

# the reader alone needs the capture module's test classes
stamp="$root/capture/target/test-classes/.import-bench.stamp"
if [ ! -f "$stamp" ] || [ -n "$(find "$root/capture/src" -newer "$stamp" -type f -print -quit)" ]; then
  (cd "$root" && mvn -B -o -q -pl capture test-compile >"$work/mvn.log" 2>&1) || { cat "$work/mvn.log"; exit 1; }
  touch "$stamp"
fi
java -cp "$root/capture/target/classes:$root/capture/target/test-classes" io.sysql.capture.scap.ScapReaderBench \
  "$big" "$runs" | sed 's/^/  /'

"$root/sysql" --version >/dev/null # builds it outside the timing
read -r sq_wall sq_cpu <<<"$(best_of bash -c "rm -rf '$work/out' && '$root/sysql' import '$big' -o '$work/out' 2>'$work/import.err'")"
events="$(sed -n 's/.*imported \([0-9,]*\) events.*/\1/p' "$work/import.err" | tr -d ,)"
echo "./sysql import FILE -o DIR: best ${sq_wall} s (${sq_cpu} s CPU); $events events"

awk -v b="$blocks" -v e="$events" -v sd="$sd_wall" -v sq="$sq_wall" 'BEGIN {
  printf "sysdig (libsinsp): %.0f scap events/s (%.0f sysql events/s: the same file in sysql events)\n", b / sd, e / sd
  printf "sysql import:      %.0f events/s (%.0f scap events/s)\n", e / sq, b / sq
  printf "sysql import takes %.1fx the time of sysdig on the same file\n", sq / sd
}'
