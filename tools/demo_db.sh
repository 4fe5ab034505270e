#!/usr/bin/env bash
# Build the demo database unless it is already complete: one Spanish ISP
# (Conecta Levante Telecom S.L., Valencia) in euros with the Spanish chart
# of accounts (l10n_es, PYMEs) and 21 % IVA on its services, its customers
# in Spain, Italy and Romania each in their own language (es_ES, it_IT,
# ro_RO), the six addons with their demo data, and twelve months of
# invoices of the portal customer (customer/customer). Odoo's and the OCA's
# own demo partners, products and quotations are archived or cancelled.
# Used by make run, make shell, make bench and tests/test_demo_build.py
# (DEMO_DB names the database); needs the bootstrap done.
set -euo pipefail
source "$(dirname "$0")/env.sh"
LOGFILE="$LOCAL/logs/$DEMO_DB.log"
# the last step of a complete build leaves this mark
complete() {
    [ "$(psql -X -tAq -d "$DEMO_DB" -c "SELECT count(*) FROM ir_config_parameter WHERE key='isp_demo.built'" 2>/dev/null)" = 1 ] \
        && [ "$(psql -X -tAq -d "$DEMO_DB" -c "SELECT count(*) FROM ir_module_module WHERE name IN ('$(echo "$ISP_ADDONS" | sed "s/,/','/g")') AND state='installed'" 2>/dev/null)" = 6 ]
}
if ! db_exists "$DEMO_DB" || ! complete; then
    db_exists "$DEMO_DB" && { log "run: $DEMO_DB is incomplete or older than this demo (an earlier build stopped); building it again"; dropdb "$DEMO_DB"; rm -rf "$LOCAL/data/filestore/$DEMO_DB"; }
    log "run: building the demo database $DEMO_DB (the six addons with demo data; a few minutes, log in $LOGFILE)"
    started=$(date +%s)
    failed() {
        grep -E 'ERROR|CRITICAL|Error|Traceback' "$LOGFILE" | tail -20 >&2 || true
        dropdb --if-exists "$DEMO_DB"; rm -rf "$LOCAL/data/filestore/$DEMO_DB"
        die 1 "run: building $DEMO_DB failed at: $1 (dropped again); see $LOGFILE"
    }
    : > "$LOGFILE"
    # 1. base; the company becomes the Spanish ISP before "account" is
    #    installed: account then installs the chart of its country
    #    (l10n_es, PYMEs, in euros) by itself
    "${ODOO[@]}" -d "$DEMO_DB" -i base \
        --stop-after-init --no-http --logfile="$LOGFILE" || failed "base"
    "$PY" "$ROOT/tools/demo_setup.py" company -d "$DEMO_DB" --logfile="$LOGFILE" || failed "the company"
    # 2. the dependencies, as make test does: the chart of accounts exists
    #    before the suite's demo data invoices the demo customers
    #    (through demo_setup.py: base_vat_autocomplete, which comes with
    #    l10n_es, needs a fix to import; the next step uninstalls it)
    deps=$("$PY" "$ROOT/tools/suite.py" deps "$ISP_ADDONS")
    #    and the languages (English stays the default one: admin's)
    "$PY" "$ROOT/tools/demo_setup.py" odoo -c "$ROOT/odoo.conf" -d "$DEMO_DB" -i "$deps" \
        --load-language=es_ES,it_IT,ro_RO \
        --stop-after-init --no-http --logfile="$LOGFILE" || failed "the dependencies"
    reset_stuck_modules "$DEMO_DB"
    # the company's bank account, SEPA creditor identifier and 21 % IVA on
    # services, before the suite's demo products and invoices are created
    "$PY" "$ROOT/tools/demo_setup.py" accounting -d "$DEMO_DB" --logfile="$LOGFILE" || failed "the accounting set-up"
    # 3. the six addons with their demo data: isp_crm's customers first,
    #    who get their country's language before they are invoiced
    "${ODOO[@]}" -d "$DEMO_DB" -i isp_crm --stop-after-init --no-http \
        --logfile="$LOGFILE" || failed "isp_crm"
    reset_stuck_modules "$DEMO_DB"
    "$PY" "$ROOT/tools/demo_setup.py" languages -d "$DEMO_DB" --logfile="$LOGFILE" || failed "the languages"
    "${ODOO[@]}" -d "$DEMO_DB" -i "$(not_installed "$DEMO_DB" "$ISP_ADDONS")" \
        --stop-after-init --no-http --logfile="$LOGFILE" || failed "the six addons"
    reset_stuck_modules "$DEMO_DB"
    # 4. languages, Odoo's own demo records away, the portal customer's year
    "$PY" "$ROOT/tools/demo_setup.py" story -d "$DEMO_DB" --logfile="$LOGFILE" || failed "the story"
    psql -X -q -d "$DEMO_DB" -c "INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES ('isp_demo.built', now()::date, now(), now())"
    log "run: $DEMO_DB built in $(( $(date +%s) - started )) s"
fi
