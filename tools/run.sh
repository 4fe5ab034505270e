#!/usr/bin/env bash
# make run: bootstrap, build the demo database when missing, serve Odoo.
set -euo pipefail
source "$(dirname "$0")/env.sh"
PORT="${PORT:-8069}"

port_free() {
    "$PY" - "$1" <<'PYEOF'
import socket, sys
sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    sock.bind(('127.0.0.1', int(sys.argv[1])))
except OSError:
    sys.exit(1)
PYEOF
}

"$ROOT/tools/bootstrap.sh"
port_free "$PORT" || die 2 "run: port $PORT on 127.0.0.1 is in use (another Odoo?); stop it or choose another port: make run PORT=8070"

"$ROOT/tools/demo_db.sh"
# reports fetch their stylesheets from the running server
psql -X -q -d "$DEMO_DB" -c "UPDATE ir_config_parameter SET value='http://127.0.0.1:$PORT' WHERE key IN ('web.base.url', 'report.url'); INSERT INTO ir_config_parameter (key, value) SELECT 'report.url', 'http://127.0.0.1:$PORT' WHERE NOT EXISTS (SELECT 1 FROM ir_config_parameter WHERE key='report.url'); INSERT INTO ir_config_parameter (key, value) SELECT 'web.base.url.freeze', 'True' WHERE NOT EXISTS (SELECT 1 FROM ir_config_parameter WHERE key='web.base.url.freeze')"

log "run: Odoo on http://127.0.0.1:$PORT (admin/admin; portal customer: customer/customer); Ctrl-C stops it, the database cluster stays up (make stop)"
# queue_job as a server-wide module starts its job runner (billing runs are
# processed as queued jobs)
exec "${ODOO[@]}" -d "$DEMO_DB" --http-port="$PORT" --load=web,queue_job
