#!/usr/bin/env bash
# make lint: flake8 on everything Python of ours, pylint-odoo on addons/.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
rc=0
"$VENV/bin/flake8" addons tools tests bench || rc=1
"$PY" tools/gen_readme.py --check || rc=1
addons=$(ls -d addons/*/ 2>/dev/null | sed 's#/$##')
if [ -n "$addons" ]; then
    "$VENV/bin/pylint" --rcfile=.pylintrc $addons || rc=1
fi
if [ "$rc" = 0 ]; then echo "lint: 0 errors"; else echo "lint: errors above"; fi
exit "$rc"
