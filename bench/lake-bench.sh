#!/usr/bin/env bash
# The lake export's figures (BENCHMARKS.md): export speed, Parquet size against the journal's, and the same
# questions of sysql over the capture and of DuckDB over the export.
# Usage: bench/lake-bench.sh [EVENTS=1000000] [RUNS=3]   (builds the project first through ./sysql)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
"$root/sysql" --version >/dev/null
read -r -a flags < "$root/cli/target/launcher/jvm.flags"
exec java "${flags[@]}" -Xmx2g -Dsysql.home="$root" \
  -cp "$root/bench/target/classes:$(cat "$root/bench/target/classpath")" io.sysql.bench.LakeBench "$@"
