#!/usr/bin/env bash
# make test: bootstrap; a fresh database with the dependencies (one pass, no
# tests), then the six addons with --test-enable; then the suite-level tests in
# tests/ (pytest: install matrix, browser, live-server flows). Ends with one
# line "N passed, N failed" over both; exits 1 on any failure or when no test
# ran. Drops every database it made.
set -uo pipefail
source "$(dirname "$0")/env.sh"
"$ROOT/tools/bootstrap.sh" || exit $?

RUN_ID="$(date +%Y%m%d_%H%M%S)_$$"
export ISP_TEST_RUN_ID="$RUN_ID"
DB="isp_test_$RUN_ID"
LOGS="$LOCAL/logs/test_$RUN_ID"
mkdir -p "$LOGS"

cleanup() {
    local db
    for db in $(psql -X -tAq -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'isp\_test\_$RUN_ID%'" 2>/dev/null); do
        dropdb --if-exists "$db" 2>/dev/null
        rm -rf "$LOCAL/data/filestore/$db"
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
deps=$("$PY" "$ROOT/tools/suite.py" deps "$ISP_ADDONS")
log "test: [1/3] dependencies on $DB: $deps"
if ! "${ODOO[@]}" -d "$DB" -i "$deps" --stop-after-init --no-http --logfile="$LOGS/deps.log"; then
    grep -E ' (ERROR|CRITICAL) ' "$LOGS/deps.log" | tail -20 >&2
    log "test: installing the dependencies failed; see $LOGS/deps.log"
    echo "0 passed, 1 failed"
    exit 1
fi
reset_stuck_modules "$DB"
log "test:       done in $(( $(date +%s) - started )) s"

t=$(date +%s)
log "test: [2/3] $ISP_ADDONS with --test-enable (log: $LOGS/odoo-tests.log)"
"${ODOO[@]}" -d "$DB" -i "$ISP_ADDONS" --test-enable --stop-after-init \
    --http-port="$(free_port)" --log-level=test --logfile="$LOGS/odoo-tests.log"
odoo_rc=$?
reset_stuck_modules "$DB"
read -r odoo_ran odoo_failed < <("$PY" "$ROOT/tools/suite.py" odoo-counts "$LOGS/odoo-tests.log" "$odoo_rc")
grep -E ' (ERROR|CRITICAL) |^(FAIL|ERROR):' "$LOGS/odoo-tests.log" | grep -v 'Unmet dependencies' | head -40 >&2
log "test:       Odoo: $odoo_ran tests, $odoo_failed failed (exit $odoo_rc) in $(( $(date +%s) - t )) s"

t=$(date +%s)
log "test: [3/3] suite-level tests in tests/ (pytest)"
(cd "$ROOT" && ISP_TEST_DB="$DB" "$PY" -m pytest tests/ -q -p no:cacheprovider --junitxml="$LOGS/pytest.xml")
read -r py_ran py_failed < <("$PY" "$ROOT/tools/suite.py" junit-counts "$LOGS/pytest.xml")
log "test:       pytest: $py_ran tests, $py_failed failed in $(( $(date +%s) - t )) s"
log "test: total $(( $(date +%s) - started )) s; logs in $LOGS"

odoo_passed=$(( odoo_ran > odoo_failed ? odoo_ran - odoo_failed : 0 ))
py_passed=$(( py_ran > py_failed ? py_ran - py_failed : 0 ))
failed=$(( odoo_failed + py_failed ))
passed=$(( odoo_passed + py_passed ))
echo "$passed passed, $failed failed"
if [ "$failed" -gt 0 ] || [ $(( odoo_ran + py_ran )) -eq 0 ]; then
    exit 1
fi
