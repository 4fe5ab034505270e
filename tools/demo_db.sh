#!/usr/bin/env bash
# Build the demo database (the six addons with demo data, in English, Spanish,
# Italian and Romanian) unless it is already complete. Used by make run and
# make bench; needs the bootstrap done.
set -euo pipefail
source "$(dirname "$0")/env.sh"
if ! db_exists "$DEMO_DB" || [ "$(psql -X -tAq -d "$DEMO_DB" -c "SELECT count(*) FROM ir_module_module WHERE name IN ('$(echo "$ISP_ADDONS" | sed "s/,/','/g")') AND state='installed'" 2>/dev/null)" != 6 ]; then
    db_exists "$DEMO_DB" && { log "run: $DEMO_DB is incomplete (an earlier build stopped); building it again"; dropdb "$DEMO_DB"; rm -rf "$LOCAL/data/filestore/$DEMO_DB"; }
    log "run: building the demo database $DEMO_DB (the six addons with demo data; a few minutes, log in $LOCAL/logs/$DEMO_DB.log)"
    started=$(date +%s)
    # two passes, as make test does: the dependencies first, so that the
    # chart of accounts Odoo installs after "account" exists before the
    # suite's demo data invoices the demo customers
    deps=$("$PY" "$ROOT/tools/suite.py" deps "$ISP_ADDONS")
    if ! "${ODOO[@]}" -d "$DEMO_DB" -i "$deps" --stop-after-init \
            --logfile="$LOCAL/logs/$DEMO_DB.log" \
        || ! reset_stuck_modules "$DEMO_DB" \
        || ! "${ODOO[@]}" -d "$DEMO_DB" -i "$ISP_ADDONS" --load-language=es_ES,it_IT,ro_RO \
            --stop-after-init --logfile="$LOCAL/logs/$DEMO_DB.log"; then
        grep -E 'ERROR|CRITICAL' "$LOCAL/logs/$DEMO_DB.log" | tail -20 >&2 || true
        dropdb --if-exists "$DEMO_DB"; rm -rf "$LOCAL/data/filestore/$DEMO_DB"
        die 1 "run: building $DEMO_DB failed (dropped again); see $LOCAL/logs/$DEMO_DB.log"
    fi
    reset_stuck_modules "$DEMO_DB"
    log "run: $DEMO_DB built in $(( $(date +%s) - started )) s"
fi
