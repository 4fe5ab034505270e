#!/usr/bin/env bash
# make bench: run every benchmark in bench/ against the demo database. Numbers
# are printed (and kept in .local/logs/bench.log), never asserted.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/tools/demo_db.sh"
for bench in "$ROOT"/bench/bench_*.py; do
    "$PY" "$bench" | tee -a "$LOCAL/logs/bench.log"
done
