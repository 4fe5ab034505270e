#!/usr/bin/env bash
# The project-local PostgreSQL cluster: .local/pg, listening only on a unix
# socket in .local/run, owned by the postgres user when we are root.
#   tools/pg.sh start   create it if missing, start it if stopped, recover a
#                       stale pid file left by a crash
#   tools/pg.sh stop    stop it (fast shutdown)
#   tools/pg.sh status
set -euo pipefail
source "$(dirname "$0")/env.sh"
PGDATA="$LOCAL/pg"
RUN="$LOCAL/run"
BIN=$(pg_bindir) || die 2 "PostgreSQL server binaries (pg_ctl, initdb) not found: apt-get install postgresql"
PGLOG="$LOCAL/logs/postgresql.log"

ensure_reachable() {
    # As root the server runs as postgres, which must reach .local through every
    # parent folder (mktemp -d makes 0700 folders): grant traverse (x) only.
    [ "$(id -u)" = 0 ] || return 0
    mkdir -p "$LOCAL"
    local dir="$LOCAL"
    while [ "$dir" != / ]; do
        if ! runuser -u postgres -- test -x "$dir"; then
            log "pg: letting the postgres user traverse $dir (chmod o+x)"
            chmod o+x "$dir"
        fi
        dir=$(dirname "$dir")
    done
}

init_cluster() {
    log "pg: creating the local cluster in $PGDATA"
    mkdir -p "$PGDATA" "$RUN" "$LOCAL/logs"
    touch "$PGLOG"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$PGDATA" "$RUN" "$PGLOG"
    fi
    chmod 700 "$PGDATA"
    as_pg "$BIN/initdb" -D "$PGDATA" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$LOCAL/logs/initdb.log" 2>&1 \
        || { tail -5 "$LOCAL/logs/initdb.log" >&2; rm -rf "$PGDATA"; die 1 "pg: initdb failed; see $LOCAL/logs/initdb.log"; }
    cat >>"$PGDATA/postgresql.conf" <<CONF

# --- project-local development cluster (tools/pg.sh) ---
listen_addresses = ''
unix_socket_directories = '$RUN'
max_connections = 200
shared_buffers = 256MB
# a development cluster: speed over durability; a crashed process is recovered
# by PostgreSQL, a crashed machine may need 'rm -rf .local/pg' and a new make run
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
}

is_running() {
    as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

clear_stale_pid() {
    local pidfile="$PGDATA/postmaster.pid" pid
    [ -f "$pidfile" ] || return 0
    pid=$(head -1 "$pidfile")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
        && grep -q postgres "/proc/$pid/comm" 2>/dev/null; then
        die 1 "pg: a postgres process ($pid) holds $PGDATA but does not answer; stop it (kill $pid) and run again"
    fi
    log "pg: removing the stale pid file of a crashed server (pid $pid is gone)"
    rm -f "$pidfile" "$RUN"/.s.PGSQL.*.lock
}

start() {
    ensure_reachable
    [ -f "$PGDATA/PG_VERSION" ] || init_cluster
    is_running && return 0
    clear_stale_pid
    if ! as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 start >/dev/null 2>&1; then
        tail -15 "$PGLOG" >&2
        die 1 "pg: the local cluster did not start; the log above is $PGLOG"
    fi
    # the role Odoo connects as exists from initdb (-U odoo)
    log "pg: local cluster up (socket in $RUN)"
}

stop() {
    if [ -f "$PGDATA/PG_VERSION" ] && is_running; then
        as_pg "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
        log "pg: local cluster stopped"
    else
        log "pg: local cluster not running"
    fi
}

case "${1:-status}" in
    start) start ;;
    stop) stop ;;
    status) if is_running; then echo "running ($PGDATA)"; else echo "stopped"; exit 3; fi ;;
    *) die 2 "usage: tools/pg.sh start|stop|status" ;;
esac
