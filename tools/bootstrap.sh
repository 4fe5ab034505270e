#!/usr/bin/env bash
# Idempotent set-up of everything the suite needs, from nothing:
#   1. system packages (as root, only the missing ones): node-less (lessc),
#      Chromium + chromium-driver, poppler-utils, zbar-tools;
#   2. the venv .venv with CPython 3.7 from pyenv, every pinned requirement,
#      Odoo 11 and the OCA addons, wkhtmltopdf with patched Qt; then a check
#      that every addon on the addons path imports;
#   3. the project-local PostgreSQL cluster (.local/pg, unix socket in
#      .local/run), started, and recovered after a crash.
# A second run finds everything in place and takes a second or two.
set -euo pipefail
source "$(dirname "$0")/env.sh"
mkdir -p "$LOCAL/logs"

# --- 1. system packages ------------------------------------------------------
need_pkgs=()
command -v lessc >/dev/null || need_pkgs+=(node-less)
command -v chromium >/dev/null || need_pkgs+=(chromium)
command -v chromedriver >/dev/null || need_pkgs+=(chromium-driver)
command -v pdftotext >/dev/null || need_pkgs+=(poppler-utils)
command -v zbarimg >/dev/null || need_pkgs+=(zbar-tools)
[ -e /usr/lib/x86_64-linux-gnu/libzbar.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libzbar.so.0 ] \
    || need_pkgs+=(libzbar0)
pg_bindir >/dev/null || need_pkgs+=(postgresql)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "bootstrap: installing system packages: ${need_pkgs[*]}"
        apt-get update -qq >"$LOCAL/logs/apt.log" 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${need_pkgs[@]}" >>"$LOCAL/logs/apt.log" 2>&1 \
            || die 1 "bootstrap: apt-get install ${need_pkgs[*]} failed; see $LOCAL/logs/apt.log"
    else
        log "bootstrap: missing system packages: ${need_pkgs[*]}"
        log "  install them as root (apt-get install ${need_pkgs[*]}) or run make as root;"
        log "  without them stylesheets, browser tests or PDF checks fail."
    fi
fi
pg_bindir >/dev/null || die 2 "bootstrap: PostgreSQL server binaries (pg_ctl, initdb) not found: apt-get install postgresql, or set PGHOST to use another server"

# --- 2. Python 3.7 venv --------------------------------------------------------
find_python37() {
    local candidate
    if command -v pyenv >/dev/null; then
        candidate="$(pyenv root)/versions/3.7.16/bin/python3.7"
        [ -x "$candidate" ] && { echo "$candidate"; return; }
        candidate=$(ls -d "$(pyenv root)"/versions/3.7.*/bin/python3.7 2>/dev/null | sort -V | tail -1)
        [ -n "$candidate" ] && { echo "$candidate"; return; }
    fi
    for candidate in "${HOME:-/root}/.pyenv/versions/3.7.16/bin/python3.7" python3.7; do
        command -v "$candidate" >/dev/null && { command -v "$candidate"; return; }
    done
    return 1
}

# the venv is rebuilt when a requirements file or VENV_LAYOUT changes
VENV_LAYOUT=1
stamp_value=$( (cat "$ROOT/requirements.txt" "$ROOT/requirements-odoo.txt"; echo "$VENV_LAYOUT") | sha256sum | cut -d' ' -f1)
if [ ! -x "$PY" ] || [ "$(cat "$VENV/.bootstrap-stamp" 2>/dev/null)" != "$stamp_value" ]; then
    python37=$(find_python37) || die 2 "bootstrap: CPython 3.7 not found: install pyenv and run 'pyenv install 3.7.16' (Odoo 11 runs on Python 3.7)"
    log "bootstrap: building $VENV with $python37 (a few minutes the first time)"
    [ -x "$PY" ] || "$python37" -m venv "$VENV"
    pip=("$PY" -m pip --disable-pip-version-check -q)
    {
        # vatnumber (for base_vat) builds only with setuptools<58, without isolation
        "${pip[@]}" install "setuptools<58" "wheel<0.43"
        "${pip[@]}" install -r "$ROOT/requirements.txt"
        "${pip[@]}" install --no-build-isolation vatnumber==1.2
        "${pip[@]}" install --no-deps -r "$ROOT/requirements-odoo.txt"
    } >"$LOCAL/logs/pip.log" 2>&1 || { tail -20 "$LOCAL/logs/pip.log" >&2; die 1 "bootstrap: pip install failed; see $LOCAL/logs/pip.log"; }
    ln -sf wkhtmltopdf-pack "$VENV/bin/wkhtmltopdf"
    "$PY" "$ROOT/tools/check_addons_import.py" --addons-path="$ROOT/addons" \
        2>"$LOCAL/logs/check_addons_import.log" \
        || { grep -v ' INFO \| WARNING ' "$LOCAL/logs/check_addons_import.log" >&2; exit 1; }
    echo "$stamp_value" >"$VENV/.bootstrap-stamp"
fi

# --- 3. the local PostgreSQL cluster -----------------------------------------------
[ "$LOCAL_PG" = 1 ] || { log "bootstrap: using the PostgreSQL server at PGHOST=$PGHOST"; exit 0; }
"$ROOT/tools/pg.sh" start
