# Shared settings of the project's scripts; sourced, never run.
# Everything lives in the checkout: the venv in .venv/, the PostgreSQL cluster,
# Odoo's data dir and the logs in .local/.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
# ISP_LOCAL_DIR moves .local elsewhere (tests use it for a throw-away cluster)
LOCAL="${ISP_LOCAL_DIR:-$ROOT/.local}"
PY="$VENV/bin/python"
ODOO=("$PY" "$ROOT/tools/odoo-bin" -c "$ROOT/odoo.conf")
ISP_ADDONS="isp_crm,isp_billing,isp_esign,isp_contract_wizard,isp_helpdesk,isp_portal"
DEMO_DB="${DEMO_DB:-isp_demo}"

# PostgreSQL: PGHOST (and PGPORT/PGUSER/PGPASSWORD) in the environment point
# everything at another server; otherwise the project-local cluster under
# .local/pg answers on a unix socket in .local/run.
# ISP_LOCAL_PG marks a PGHOST that we set ourselves (scripts call each other).
if [ -z "${PGHOST:-}" ] || [ "${ISP_LOCAL_PG:-}" = 1 ]; then
    export PGHOST="$LOCAL/run"
    export PGUSER="${PGUSER:-odoo}"
    unset PGPORT
    export ISP_LOCAL_PG=1
    LOCAL_PG=1
else
    LOCAL_PG=0
fi
export PGDATABASE=postgres

# lessc from Debian's node-less finds its modules only through NODE_PATH;
# wkhtmltopdf (patched Qt) is linked into the venv's bin.
export NODE_PATH="/usr/share/nodejs:/usr/lib/nodejs${NODE_PATH:+:$NODE_PATH}"
export PATH="$VENV/bin:$PATH"

log() { printf '%s\n' "$*" >&2; }
die() { code=$1; shift; printf '%s\n' "$*" >&2; exit "$code"; }

# Run a command as the owner of the local cluster: the postgres user when root
# (PostgreSQL refuses to run as root), else ourselves.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
    done
    dir=$(dirname "$(command -v pg_ctl 2>/dev/null)" 2>/dev/null)
    [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
    return 1
}

# A free TCP port on 127.0.0.1 (each Odoo test process serves HTTP for its
# HttpCase tests; two must not share a port, nor collide with make run).
free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Odoo marks auto-install "linking" addons (hr_maintenance, purchase_mrp, ...)
# "to install" when all their dependencies that exist are installed; the
# missing ones (their apps are not on the path) leave them stuck there, and
# Odoo's cron workers skip a database with a module in a "to ..." state. After
# a successful install pass nothing can legitimately be left "to install".
reset_stuck_modules() {
    psql -X -q -d "$1" -c "UPDATE ir_module_module SET state='uninstalled' WHERE state='to install'"
}

# Copy database $1 (and its filestore) to $2: Odoo keeps attachments in
# files, a copy without them would miss images and reports.
# Compile the bundles of the QWeb report layout on database $1, committed
# (tools/warm_report_assets.py says why).
warm_report_assets() {
    "$PY" "$ROOT/tools/odoo-bin" shell -c "$ROOT/odoo.conf" -d "$1" --no-http \
        --log-level=warn <"$ROOT/tools/warm_report_assets.py" >/dev/null 2>&1
}

copy_db() {
    createdb -T "$1" "$2" || return 1
    rm -rf "$LOCAL/data/filestore/$2"
    if [ -d "$LOCAL/data/filestore/$1" ]; then
        cp -r "$LOCAL/data/filestore/$1" "$LOCAL/data/filestore/$2"
    fi
}

# The comma-separated addons of $2 that are not installed in database $1.
not_installed() {
    local installed
    installed=",$(psql -X -tAq -d "$1" -c "SELECT string_agg(name, ',') FROM ir_module_module WHERE state='installed'"),"
    local out=() addon
    IFS=, read -ra wanted <<<"$2"
    for addon in "${wanted[@]}"; do
        [[ "$installed" == *",$addon,"* ]] || out+=("$addon")
    done
    (IFS=,; printf '%s' "${out[*]}")
}

db_exists() {
    [ "$(psql -X -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname='$1'" 2>/dev/null)" = 1 ]
}
