#!/usr/bin/env bash
# make bench: run every benchmark in bench/ against the demo database. Numbers
# are printed (and kept in .local/logs/bench.log), never asserted.
# The billing bench runs for 1,000 and 10,000 customers (BENCH_SIZES, e.g.
# BENCH_SIZES=1000 for the short one only: the large one takes about half an
# hour on two cores).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/tools/demo_db.sh"
for bench in "$ROOT"/bench/bench_*.py; do
    if [ "$(basename "$bench")" = bench_billing.py ]; then
        for size in ${BENCH_SIZES:-1000 10000}; do
            "$PY" "$bench" --customers "$size" | tee -a "$LOCAL/logs/bench.log"
        done
    else
        "$PY" "$bench" | tee -a "$LOCAL/logs/bench.log"
    fi
done
